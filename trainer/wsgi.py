"""The WSGI entry point for gunicorn: `gunicorn trainer.wsgi:app`."""

from trainer import create_app

app = create_app()
