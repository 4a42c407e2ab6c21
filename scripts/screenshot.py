"""Take screenshots of built pages at desktop and phone widths.

    python scripts/screenshot.py [--full] SITE_DIR OUT_DIR PAGE [PAGE ...]

PAGE is a path in the site such as "" (home), "timeline/" or "actors/x/#quotes".
Serves SITE_DIR on a free local port and drives Debian's Chromium via Playwright, and
writes one PNG per page, width (1280 and 390 px) and colour scheme (light and dark).
``--full`` takes the whole page instead of the first screen.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from browser import launch, serve_dir  # noqa: E402

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def main() -> None:
    args = sys.argv[1:]
    full = "--full" in args
    args = [a for a in args if a != "--full"]
    if len(args) < 2:
        sys.exit("usage: python scripts/screenshot.py [--full] SITE_DIR OUT_DIR [PAGE ...]")
    site, out, pages = Path(args[0]), Path(args[1]), args[2:] or [""]
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
                    page.screenshot(path=str(file), full_page=full)
                    print(file)
                context.close()


if __name__ == "__main__":
    main()
