"""Headless Chromium (Debian's package) driven by Playwright: skipped outside CI when missing."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module; under CI=true a missing browser is a failure.

    Module scope: playwright's sync API allows one running instance per thread, and the PDF
    printer (`pdf.printer`) starts its own, so this one is closed before another module runs.
    """
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(
                "CI=true but /usr/bin/chromium is missing: .ci/run installs it (apt chromium)"
            )
        pytest.skip("chromium is not installed (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()
