"""Take screenshots of built pages at desktop and phone widths.

    python scripts/screenshot.py SITE_DIR OUT_DIR PAGE [PAGE ...]

PAGE is a path in the site such as "" (home), "timeline/" or "actors/x/#quotes".
Serves SITE_DIR on a free local port and drives Debian's Chromium via Playwright.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from browser import launch, serve_dir  # noqa: E402

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def main() -> None:
    site, out, pages = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:] or [""]
    out.mkdir(parents=True, exist_ok=True)
    scheme = "light"
    with serve_dir(site) as base, launch() as browser:
        for name, (width, height) in SIZES.items():
            for scheme in ("light", "dark"):
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                page = context.new_page()
                for path in pages:
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    slug = path.strip("/").replace("/", "_").replace("#", "-") or "home"
                    file = out / f"{slug}-{name}-{scheme}.png"
                    page.screenshot(path=str(file), full_page=False)
                    print(file)
                context.close()


if __name__ == "__main__":
    main()
