"""The browser tests' own machinery: a missing browser fails in CI and skips elsewhere,
and the request watcher tells the local server from any other host."""

from __future__ import annotations

import pytest
from browser_fixtures import is_local, missing_browser


@pytest.mark.parametrize("ci", ["true", "1", "TRUE"])
def test_missing_browser_fails_in_ci(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        missing_browser("Chromium not found")


@pytest.mark.parametrize("ci", [None, "", "false"])
def test_missing_browser_skips_locally(monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="Chromium not found"):
        missing_browser("Chromium not found")


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8765/assets/x.js", True),
        ("http://127.0.0.1:8765/", True),
        ("data:image/svg+xml;base64,AAAA", True),
        ("blob:http://127.0.0.1:8765/1234", True),
        ("http://127.0.0.1:9999/", False),  # another server on this machine
        ("http://localhost:8765/", False),
        ("https://127.0.0.1:8765/", False),
        ("https://fonts.googleapis.com/css?family=Roboto", False),
        ("https://unpkg.com/lunr", False),
    ],
)
def test_is_local(url, local):
    assert is_local(url, "http://127.0.0.1:8765/") is local
