"""``python -m kennispunt.cli``: what the ``kennispunt`` command runs."""

from kennispunt.cli import app

app()
