"""Headless Chromium for the browser tests: Debian's ``/usr/bin/chromium`` (or
``KENNISPUNT_CHROMIUM``), driven by Playwright without a browser download."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def chromium_path() -> str | None:
    for candidate in (os.environ.get("KENNISPUNT_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def require_chromium(purpose: str) -> str:
    """The Chromium binary; skips the calling test module (with the reason) without one."""
    found = chromium_path()
    if found is None:
        pytest.skip(
            "Chromium is not installed (Debian: apt-get install chromium; or set KENNISPUNT_CHROMIUM "
            f"to a Chromium or Chrome binary): {purpose}",
            allow_module_level=True,
        )
    pytest.importorskip("playwright.async_api", reason="Playwright (test extras) drives the browser")
    return found


CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
