"""Ship the top-level templates/ and static/ folders inside the `trainer` package of the wheel.

The layout keeps them beside `trainer/`, and pyproject.toml's tables can only find packages under
their own folder, so this maps the two folders to `trainer.templates` and `trainer.static`.
"""

from setuptools import find_namespace_packages, setup

SHIPPED = {"trainer.templates": "templates", "trainer.static": "static"}


def _packages() -> list[str]:
    """trainer's packages, plus every folder of templates/ and static/ as package data."""
    packages = find_namespace_packages(include=["trainer", "trainer.*"])
    for package, folder in SHIPPED.items():
        packages += [package, *(f"{package}.{sub}" for sub in find_namespace_packages(folder))]
    return packages


setup(packages=_packages(), package_dir=SHIPPED)
