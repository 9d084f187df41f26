"""Pictures and formulas of imported questions are kept: stored, served with the item, readable."""

from __future__ import annotations

import base64
import io
import struct
import zipfile
import zlib

import pytest

from trainer.assessments.importers.moodle_xml import parse_moodle_xml
from trainer.assessments.importers.qti import parse_qti
from trainer.assessments.importers.qti_package import parse_qti_package
from trainer.assessments.importers.store import import_items, read_import
from trainer.content.assets import asset_id
from trainer.content.models import ContentAsset
from trainer.db import db

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
MATHML = "http://www.w3.org/1998/Math/MathML"


def png() -> bytes:
    """A real 1x1 PNG, built here."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def item(body: str, identifier: str = "chart") -> str:
    choices = "".join(
        f'<simpleChoice identifier="C{i}">Choice {i}</simpleChoice>' for i in range(3)
    )
    return (
        f'<?xml version="1.0"?><assessmentItem xmlns="{NS}" identifier="{identifier}" title="T" '
        'adaptive="false" timeDependent="false"><responseDeclaration identifier="RESPONSE" '
        'cardinality="single" baseType="identifier"><correctResponse><value>C0</value>'
        f"</correctResponse></responseDeclaration><itemBody>{body}"
        f'<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">{choices}'
        "</choiceInteraction></itemBody></assessmentItem>"
    )


def package(files: dict[str, bytes]) -> bytes:
    manifest = (
        '<manifest><resources><resource type="imsqti_item_xmlv2p1" href="items/chart.xml"/>'
        "</resources></manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest)
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CHART = '<p>Which quarter grew most?</p><img src="../media/chart.png" alt="Sales by quarter"/>'


def test_a_package_picture_becomes_a_figure_with_its_words():
    data = package({"items/chart.xml": item(CHART).encode(), "media/chart.png": png()})
    items, problems = parse_qti_package(data, "pack.zip", "negotiating", 2)
    assert problems == []
    assert items[0]["figures"] == [{"asset": asset_id(png()), "alt": "Sales by quarter"}]
    assert items[0]["_assets"] == {asset_id(png()): ("image/png", png())}
    assert items[0]["stem"] == "Which quarter grew most?"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"media/chart.png": b"<svg onload='alert(1)'/>"}, "is not a PNG, JPEG, GIF or WebP"),
        ({}, "is missing from the package"),
    ],
)
def test_a_picture_that_cannot_be_kept_is_refused(files, message):
    data = package({"items/chart.xml": item(CHART).encode(), **files})
    items, problems = parse_qti_package(data, "pack.zip", "negotiating", 2)
    assert items == [] and message in problems[0].message


def test_a_picture_outside_the_package_is_never_read():
    body = '<p>Q?</p><img src="../../etc/passwd" alt="x"/>'
    data = package({"items/chart.xml": item(body).encode()})
    items, problems = parse_qti_package(data, "pack.zip", "negotiating", 2)
    assert items == [] and "missing from the package" in problems[0].message


@pytest.mark.parametrize(
    ("mathml", "text"),
    [
        ("<mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup>", "E = mc²"),
        ("<mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mn>2</mn></mfrac>", "(a + b)/2"),
        ("<msqrt><mi>x</mi></msqrt><mo>≥</mo><msub><mi>x</mi><mn>0</mn></msub>", "√(x) ≥ x₀"),
        ("<msup><mi>e</mi><mrow><mi>r</mi><mi>t</mi></mrow></msup>", "e^(rt)"),
    ],
)
def test_mathml_reads_as_one_line_of_text(mathml, text):
    body = f'<p>Given <math xmlns="{MATHML}">{mathml}</math>, pick.</p>'
    items, problems = parse_qti(item(body).encode(), "item.xml", "negotiating", 2)
    assert problems == []
    assert items[0]["stem"] == f"Given {text} , pick."


MOODLE = """<?xml version="1.0" encoding="UTF-8"?>
<quiz><question type="truefalse"><name><text>Chart</text></name>
<questiontext format="html"><text><![CDATA[<p>Q4 grew most.</p>
<img src="@@PLUGINFILE@@/chart%20q.png" alt="Sales"/>]]></text>
<file name="chart q.png" path="/" encoding="base64">{data}</file></questiontext>
<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
</question></quiz>"""


def test_a_moodle_embedded_picture_becomes_a_figure():
    text = MOODLE.format(data=base64.b64encode(png()).decode())
    items, problems = parse_moodle_xml(text.encode(), "quiz.xml", "negotiating", 2)
    assert problems == []
    assert items[0]["figures"] == [{"asset": asset_id(png()), "alt": "Sales"}]


def test_a_moodle_embedded_file_that_is_no_picture_is_refused():
    text = MOODLE.format(data=base64.b64encode(b"MZ\x90\x00 not a picture").decode())
    items, problems = parse_moodle_xml(text.encode(), "quiz.xml", "negotiating", 2)
    assert items == [] and "is not a PNG" in problems[0].message


def test_imported_pictures_are_stored_once_and_served_with_long_caching(
    app, client, login, make_user
):
    data = package({"items/chart.xml": item(CHART).encode(), "media/chart.png": png()})
    with app.app_context():
        known = {"negotiating"}
        preview = read_import(db.session, "qti", data, "pack.zip", "negotiating", 2, known)
        import_items(db.session, preview)
        db.session.commit()
        again = read_import(db.session, "qti", data, "pack2.zip", "negotiating", 2, known)
        assert again.assets  # the same picture, already stored: nothing added twice
        assert db.session.query(ContentAsset).count() == 1
    login(make_user("learner"))
    response = client.get(f"/quizzes/figures/{asset_id(png())}")
    assert response.status_code == 200
    assert response.data == png() and response.mimetype == "image/png"
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/quizzes/figures/{'0' * 64}").status_code == 404
