"""Pictures drawn at build time: inline SVG made from the model, no JavaScript.

Three pictures, each a function from model records to HTML (see docs/internals.md,
"Add a picture"):

- :func:`estimates_chart`: one quantity's estimates over time, a labelled series per
  claimant; a date range or a month is drawn as a span, a value range as a bar, "up
  to" and "at least" as an arrow, and an estimate without a date apart from the dated
  ones, never placed as if dated.
- :func:`timeline_strip`: events placed by date; a month or a range is a span, an
  inferred date a hollow mark, and the background (events well before the story) is
  set apart in its own compressed band so the weeks that matter get the width.
- :func:`relations_picture`: an actor among the actors it is linked to (affiliation,
  who spoke for whom, whose claims support or contradict whose).

Each picture is drawn twice, for a wide and a narrow screen (the stylesheet shows
one), so its text stays readable on a phone. Each has a ``<title>`` and a ``<desc>``
and a caption in words; every mark links to its record and carries its own title.
Colours come from the stylesheet (classes, not inline colours), so both colour
schemes work; series differ by shape and label as well as by colour.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from ..dates import MONTHS, When
from ..model import Actor, Claim, Event, Quantity, Record
from ..model.records import clip, number
from .markup import html_href

#: Makes the link from the page being rendered to a record.
Href = Callable[[Record], str]

#: Marker shapes, one per series in turn (with a colour class ``s0``..``s7``).
SHAPES = ("circle", "square", "diamond", "triangle", "pentagon", "cross")
SERIES_COLOURS = 8

#: The two layouts every picture is drawn in: (class, width in px, font size).
LAYOUTS = (("wide", 720), ("narrow", 360))

FONT = 12  # px, in SVG units; the pictures are shown at (at most) their own width
CHAR = 6.6  # average width of a character at FONT, for fitting labels


# --- small helpers ------------------------------------------------------------------


def _e(text: object) -> str:
    """Escape text for SVG/HTML."""
    return html.escape(" ".join(str(text).split()), quote=True)


def _f(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _fits(text: str, width: float) -> str:
    """``text`` cut to what fits in ``width`` pixels at the label size."""
    return clip(text, max(4, int(width / CHAR)))


def _day_label(day: dt.date, with_year: bool = False) -> str:
    label = f"{day.day} {MONTHS[day.month][:3]}"
    return f"{label} {day.year}" if with_year else label


def short_when(when: When) -> str:
    """A date in few characters: '31 Oct 2024', 'Oct 2024', '21–27 Oct 2024'."""

    def part(text: str) -> str:
        bits = [int(b) for b in text.split("-")]
        if len(bits) == 3:
            return _day_label(dt.date(*bits), with_year=True)
        if len(bits) == 2:
            return f"{MONTHS[bits[1]][:3]} {bits[0]}"
        return str(bits[0])

    prefix = "c. " if when.approximate else ""
    if when.precision != "range":
        return prefix + part(when.text)
    left, right = (part(t) for t in when.text.split("/"))
    a, b = left.split(" "), right.split(" ")
    if len(a) == len(b) == 3 and a[1:] == b[1:]:
        return f"{prefix}{a[0]}–{right}"
    return f"{prefix}{left} – {right}"


def _when_text(when: When | None) -> str:
    if when is None:
        return "date not stated"
    return when.label() + (" (inferred)" if when.inferred else "")


def marker(shape: str, x: float, y: float, r: float, classes: str) -> str:
    """One marker of ``shape`` centred on (x, y)."""
    cls = f'class="{classes}"'
    if shape == "circle":
        return f'<circle {cls} cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}"/>'
    if shape == "square":
        s = r * 0.9
        size = _f(2 * s)
        return f'<rect {cls} x="{_f(x - s)}" y="{_f(y - s)}" width="{size}" height="{size}"/>'
    if shape == "diamond":
        s = r * 1.25
        points = [(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
    elif shape == "triangle":
        s = r * 1.3
        points = [(x, y - s), (x + s * 0.95, y + s * 0.7), (x - s * 0.95, y + s * 0.7)]
    elif shape == "pentagon":
        s = r * 1.15
        points = [
            (x + s * math.sin(a), y - s * math.cos(a))
            for a in (i * 2 * math.pi / 5 for i in range(5))
        ]
    else:  # cross
        a, b = r * 1.2, r * 0.4
        points = [
            (x - b, y - a), (x + b, y - a), (x + b, y - b), (x + a, y - b), (x + a, y + b),
            (x + b, y + b), (x + b, y + a), (x - b, y + a), (x - b, y + b), (x - a, y + b),
            (x - a, y - b), (x - b, y - b),
        ]  # fmt: skip
    d = " ".join(f"{_f(px)},{_f(py)}" for px, py in points)
    return f'<polygon {cls} points="{d}"/>'


def spread(wanted: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as close to ``wanted`` (sorted) as possible, at least ``gap`` apart,
    within [low, high] when they fit (labels that would overlap are pushed apart)."""
    out: list[float] = []
    for w in wanted:
        out.append(max(w, low, out[-1] + gap if out else low))
    over = (out[-1] - high) if out else 0
    if over > 0:  # push back up from the bottom, never above ``low`` unless they cannot fit
        out[-1] = high
        for i in range(len(out) - 2, -1, -1):
            out[i] = min(out[i], out[i + 1] - gap)
        shift = low - out[0]
        if shift > 0:
            out = [v + shift for v in out]
    return out


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """0 and round steps up to at least ``top``: 0, 5,000, 10,000, 15,000."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = magnitude * 10
    for m in (1, 2, 2.5, 5, 10):
        if m * magnitude >= raw:
            step = m * magnitude
            break
    n = math.ceil(top / step - 1e-9)
    return [i * step for i in range(n + 1)]


def date_ticks(start: dt.date, end: dt.date, px_per_day: float, min_gap: float) -> list[dt.date]:
    """Tick dates between ``start`` and ``end`` at least ``min_gap`` pixels apart:
    days, weeks (Mondays), months or years, whichever is the finest that fits."""
    for step in (1, 2, 7, 14):
        if step * px_per_day >= min_gap:
            first = start
            if step >= 7:
                first = start + dt.timedelta(days=(7 - start.weekday()) % 7)
            days = (end - first).days
            return [first + dt.timedelta(days=d) for d in range(0, days + 1, step)]
    for months in (1, 2, 3, 6, 12, 24, 60, 120):
        if months * 30.4 * px_per_day >= min_gap:
            out = []
            y, m = start.year, start.month
            if start.day != 1:
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            while dt.date(y, m, 1) <= end:
                index = y * 12 + m - 1
                if index % months == 0 or months == 1:
                    out.append(dt.date(y, m, 1))
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            return out
    return [start, end]


def _tick_label(day: dt.date, px_per_day: float, first: bool) -> str:
    if px_per_day * 28 < 60:  # months or coarser
        if px_per_day * 365 < 120:
            return str(day.year)
        return (
            f"{MONTHS[day.month][:3]} {day.year}"
            if first or day.month == 1
            else MONTHS[day.month][:3]
        )
    return _day_label(day, with_year=first)


class _Svg:
    """Collects the parts of one ``<svg>``: defs-free, classes only."""

    def __init__(self, width: float, height: float, layout: str, uid: str):
        self.width, self.height, self.layout, self.uid = width, height, layout, uid
        self.parts: list[str] = []

    def add(self, part: str) -> None:
        self.parts.append(part)

    def text(self, x: float, y: float, text: str, cls: str = "", anchor: str = "start") -> None:
        a = "" if anchor == "start" else f' text-anchor="{anchor}"'
        c = f' class="{cls}"' if cls else ""
        self.add(f'<text x="{_f(x)}" y="{_f(y)}"{a}{c}>{_e(text)}</text>')

    def line(self, x1: float, y1: float, x2: float, y2: float, cls: str) -> None:
        self.add(f'<line class="{cls}" x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}"/>')

    def link(self, href: str, title: str, body: str) -> None:
        """A mark that links to its record, named by its own ``<title>``."""
        self.add(f'<a href="{_e(href)}"><title>{_e(title)}</title>{body}</a>')

    def render(self, title: str, desc: str) -> str:
        ident = f"{self.uid}-{self.layout}"
        return (
            f'<svg class="{self.layout}" viewBox="0 0 {_f(self.width)} {_f(self.height)}" '
            f'width="{_f(self.width)}" height="{_f(self.height)}" '
            f'aria-labelledby="{ident}-t {ident}-d">'
            f'<title id="{ident}-t">{_e(title)}</title><desc id="{ident}-d">{_e(desc)}</desc>'
            + "".join(self.parts)
            + "</svg>"
        )


def _figure(kind: str, svgs: Iterable[str], caption: str) -> str:
    """The pictures in a ``<figure>`` with a caption; kept out of the search index."""
    return (
        f'<figure class="picture picture-{kind}" data-search-exclude="" data-pagefind-ignore="">'
        + "".join(svgs)
        + f"<figcaption>{caption}</figcaption></figure>"
    )


# --- estimates over time ------------------------------------------------------------

#: Qualifiers drawn as an arrow from the mark: the value is a ceiling or a floor.
DOWN = {"up-to", "less-than"}
UP = {"at-least", "more-than"}


@dataclass
class _Estimate:
    claim: Claim
    series: int
    when: When | None
    value: float
    low: float | None
    high: float | None
    arrow: str  # "up", "down" or ""


@dataclass
class _Series:
    index: int
    claimant: Actor
    estimates: list[_Estimate] = field(default_factory=list)

    @property
    def shape(self) -> str:
        return SHAPES[self.index % len(SHAPES)]

    @property
    def colour(self) -> str:
        return f"s{self.index % SERIES_COLOURS}"


def _estimates(quantity: Quantity) -> list[_Series]:
    series: dict[str, _Series] = {}
    for claim in quantity.estimates:
        f = claim.figure
        if f is None:
            continue
        s = series.setdefault(claim.claimant.id, _Series(len(series), claim.claimant))
        low = high = None
        if f.value is not None:
            value = f.value
        elif f.low is not None and f.high is not None:
            low, high, value = f.low, f.high, (f.low + f.high) / 2
        else:
            value = f.sort_value
        arrow = "down" if f.qualifier in DOWN else "up" if f.qualifier in UP else ""
        s.estimates.append(_Estimate(claim, s.index, claim.as_of, value, low, high, arrow))
    return list(series.values())


def estimates_chart(quantity: Quantity, href: Href, uid: str) -> str:
    """Every estimate of ``quantity`` over time, as a figure (``""`` with fewer than two)."""
    series = _estimates(quantity)
    marks = [e for s in series for e in s.estimates]
    if len(marks) < 2:
        return ""
    unit = quantity.unit
    title = f"{quantity.label}: estimates over time"
    lines = []
    for e in sorted(marks, key=lambda e: (e.when is None, e.when.sort_key if e.when else 0)):
        f = e.claim.figure
        assert f is not None
        lines.append(f"{e.claim.claimant.name}, {f.amount()}, {_when_text(e.when)}")
    desc = f"One mark per estimate, in {unit}, by claimant: " + "; ".join(lines) + "."
    svgs = [_estimates_svg(series, unit, href, uid, layout, width) for layout, width in LAYOUTS]
    used = []
    if any(e.when and e.when.inferred for e in marks):
        used.append("a hollow mark is an inferred date")
    if any(e.when and e.when.precision != "day" for e in marks):
        used.append("a horizontal bar is a month or a date range")
    if any(e.low is not None for e in marks):
        used.append("a vertical bar is a range of values")
    if any(e.arrow == "down" for e in marks):
        used.append("an arrow down means “up to”")
    if any(e.arrow == "up" for e in marks):
        used.append("an arrow up means “at least”")
    if any(e.when is None for e in marks):
        used.append("estimates with no date stand apart on the right, under “no date”")
    caption = (
        f"<strong>{_e(quantity.label)}</strong>: every estimate by date, one labelled series "
        f"per claimant. {_e('; '.join(used)).capitalize() + '. ' if used else ''}"
        "Each mark links to its claim; the table lists them all."
    )
    return _figure("estimates", (s.render(title, desc) for s in svgs), caption)


def _estimates_svg(
    series: list[_Series], unit: str, href: Href, uid: str, layout: str, width: int
) -> _Svg:
    narrow = layout == "narrow"
    marks = [e for s in series for e in s.estimates]
    dated = [e for e in marks if e.when is not None]
    undated = [e for e in marks if e.when is None]
    top_value = max((e.high if e.high is not None else e.value) for e in marks)
    ticks = nice_ticks(top_value * 1.05)
    left = 8 + CHAR * max(len(number(t)) for t in ticks)
    # Series labels: a column right of the plot when wide, two columns under it on a phone.
    label_w = 0 if narrow else 190
    apart_w = (48 if narrow else 64) if undated else 0
    top, plot_h, axis_h = 22.0, (180.0 if narrow else 210.0), 34.0
    plot_l, plot_r = left, width - label_w - apart_w - 10
    bottom = top + plot_h

    def y_of(value: float) -> float:
        return bottom - value / ticks[-1] * plot_h

    if dated:
        first = min(e.when.start for e in dated if e.when)
        last = max(e.when.end for e in dated if e.when)
    else:
        first = last = dt.date(2000, 1, 1)
    pad = max(1, ((last - first).days + 1) // 12)
    first, last = first - dt.timedelta(days=pad), last + dt.timedelta(days=pad)
    days = (last - first).days + 1
    px_per_day = (plot_r - plot_l) / days

    def x_of(day: dt.date, frac: float = 0.0) -> float:
        return plot_l + ((day - first).days + frac) * px_per_day

    if narrow:
        height = bottom + axis_h + 8 + 28 * math.ceil(len(series) / 2)
    else:
        height = max(bottom + axis_h, top + 12 + 26 * len(series)) + 4
    svg = _Svg(width, height, layout, uid)
    # Axes and grid: values from 0, so a bigger number is always a taller mark.
    svg.text(4, 12, unit, "axis-unit")
    for t in ticks:
        y = y_of(t)
        svg.line(plot_l, y, plot_r + apart_w, y, "grid" if t else "axis")
        svg.text(plot_l - 6, y + 4, number(t), "tick", "end")
    if dated:
        for i, day in enumerate(date_ticks(first, last, px_per_day, 58 if narrow else 64)):
            x = x_of(day, 0.5 if px_per_day >= 6 else 0)
            if plot_l <= x <= plot_r:
                svg.line(x, bottom, x, bottom + 4, "axis")
                svg.text(x, bottom + 17, _tick_label(day, px_per_day, i == 0), "tick", "middle")
    svg.text(plot_l, bottom + 31, "as of (date the figure held)", "axis-unit")
    if undated:
        xa = plot_r + 6
        svg.line(xa, top - 6, xa, bottom + 4, "apart")
        svg.text(xa + apart_w / 2, bottom + 17, "no date", "tick", "middle")

    # Where each mark goes; undated ones side by side in their own column.
    spots: dict[int, tuple[float, float]] = {}
    for n, e in enumerate(undated):
        x = plot_r + 6 + apart_w * (n + 1) / (len(undated) + 1)
        spots[id(e)] = (x, y_of(e.value))
    # Marks on the same date sit side by side (dodged), so none hides another.
    by_date: dict[tuple[dt.date, dt.date], list[_Estimate]] = {}
    for e in dated:
        assert e.when is not None
        by_date.setdefault(e.when.sort_key, []).append(e)
    for (start, end), group in by_date.items():
        x0, x1 = x_of(start), x_of(end, 1.0)
        for n, e in enumerate(sorted(group, key=lambda e: e.value)):
            dodge = (n - (len(group) - 1) / 2) * 9
            spots[id(e)] = ((x0 + x1) / 2 + dodge, y_of(e.value))

    # Series lines, then spans, then marks on top.
    for s in series:
        pts = [spots[id(e)] for e in s.estimates if e.when is not None]
        if len(pts) > 1:
            d = " ".join(f"{_f(x)},{_f(y)}" for x, y in sorted(pts))
            svg.add(f'<polyline class="trend {s.colour}" points="{d}"/>')
    for s in series:
        for e in s.estimates:
            x, y = spots[id(e)]
            parts = []
            if e.when is not None and e.when.precision != "day":
                x0, x1 = x_of(e.when.start) + 1, x_of(e.when.end, 1.0) - 1
                parts.append(f'<line class="span {s.colour}" x1="{_f(x0)}" y1="{_f(y)}" '
                             f'x2="{_f(x1)}" y2="{_f(y)}"/>')  # fmt: skip
                for xe in (x0, x1):
                    parts.append(f'<line class="cap {s.colour}" x1="{_f(xe)}" y1="{_f(y - 4)}" '
                                 f'x2="{_f(xe)}" y2="{_f(y + 4)}"/>')  # fmt: skip
            if e.low is not None and e.high is not None:
                ya, yb = y_of(e.high), y_of(e.low)
                parts.append(f'<line class="span {s.colour}" x1="{_f(x)}" y1="{_f(ya)}" '
                             f'x2="{_f(x)}" y2="{_f(yb)}"/>')  # fmt: skip
            if e.arrow:
                sign = 1 if e.arrow == "down" else -1
                tip = y + sign * 16
                parts.append(
                    f'<path class="arrow {s.colour}" d="M{_f(x)},{_f(y + sign * 6)} '
                    f"L{_f(x)},{_f(tip)} M{_f(x - 4)},{_f(tip - sign * 5)} L{_f(x)},{_f(tip)} "
                    f'L{_f(x + 4)},{_f(tip - sign * 5)}"/>'
                )
            hollow = " inferred" if e.when is not None and e.when.inferred else ""
            undated_cls = " undated" if e.when is None else ""
            parts.append(marker(s.shape, x, y, 5, f"mark {s.colour}{hollow}{undated_cls}"))
            parts.append(f'<circle class="hit" cx="{_f(x)}" cy="{_f(y)}" r="11"/>')
            f = e.claim.figure
            assert f is not None
            name = f"{e.claim.claimant.name}: {f.label()}, as of {_when_text(e.when)}"
            svg.link(href(e.claim), name, "".join(parts))

    # One label per series, at the height of its latest mark, pushed apart to stay legible.
    def latest(s: _Series) -> _Estimate:
        dated_ones = [e for e in s.estimates if e.when is not None]
        return (
            max(dated_ones, key=lambda e: e.when.sort_key if e.when else 0)
            if dated_ones
            else s.estimates[-1]
        )  # noqa: E501

    order = sorted(series, key=lambda s: spots[id(latest(s))][1])
    if narrow:
        col_w = (width - 8) / 2
        places = [
            (4 + col_w * (i % 2), bottom + axis_h + 14 + 28 * (i // 2)) for i in range(len(order))
        ]
    else:
        col_w = label_w
        ys = spread([spots[id(latest(s))][1] for s in order], 26, top + 2, height - 24)
        places = [(width - label_w + 4, y) for y in ys]
    for s, (lx, ly) in zip(order, places, strict=True):
        e = latest(s)
        f = e.claim.figure
        assert f is not None
        body = marker(s.shape, lx + 6, ly, 5, f"mark {s.colour}")
        body += f'<text x="{_f(lx + 16)}" y="{_f(ly + 4)}" class="label">'
        body += f"{_e(_fits(s.claimant.name, col_w - 22))}</text>"
        body += f'<text x="{_f(lx + 16)}" y="{_f(ly + 17)}" class="label-sub">'
        body += f"{_e(_fits(f.amount(), col_w - 22))}</text>"
        svg.link(href(s.claimant), f"{s.claimant.name}: latest estimate {f.label()}", body)
    return svg


# --- timeline strip -----------------------------------------------------------------

#: A gap this long between events ends the story's focus window (what came before is
#: background, drawn in its own compressed band).
FOCUS_GAP_DAYS = 31
#: Events known to within this many days set the focus window; coarser ones (a month,
#: a long range) are drawn across it, cut at its edges.
PRECISE_DAYS = 14


@dataclass
class Focus:
    """How a timeline is split: the window that gets the width, and what came before."""

    start: dt.date
    end: dt.date
    events: list[Event]  #: events that overlap the window (or come after it)
    background: list[Event]  #: events over before the window starts


def focus_split(events: Sequence[Event]) -> Focus | None:
    """The focus window: the last run of precisely dated events (to within
    :data:`PRECISE_DAYS`) that start no more than :data:`FOCUS_GAP_DAYS` apart. Events
    over before it are background; the rest are drawn in it, cut at its edges."""
    ordered = sorted(events, key=lambda e: (e.when.start, e.when.end, e.id))
    if not ordered:
        return None
    precise = [e for e in ordered if (e.when.end - e.when.start).days < PRECISE_DAYS] or ordered
    begin = precise[-1].when.start
    for e in reversed(precise[:-1]):
        if (begin - e.when.start).days > FOCUS_GAP_DAYS:
            break
        begin = min(begin, e.when.start)
    chain = [e for e in precise if e.when.start >= begin]
    finish = max(e.when.end for e in chain)
    background = [e for e in ordered if e.when.end < begin]
    inside = [e for e in ordered if e.when.end >= begin]
    return Focus(begin, finish, inside, background)


def _lanes(spans: Sequence[tuple[float, float]], gap: float) -> list[int]:
    """A lane for each (x0, x1) so that spans in one lane never touch (greedy)."""
    ends: list[float] = []
    out = []
    for x0, x1 in spans:
        for lane, end in enumerate(ends):
            if x0 >= end + gap:
                ends[lane] = x1
                out.append(lane)
                break
        else:
            ends.append(x1)
            out.append(len(ends) - 1)
    return out


def timeline_strip(
    events: Sequence[Event], href: Href, uid: str, *, compact: bool = False, omitted: int = 0
) -> str:
    """The events placed by date, as a figure (``""`` without events).

    ``compact`` (the overview): the focus window only, with a line saying how many
    earlier events the timeline holds.
    """
    split = focus_split(events)
    if split is None:
        return ""
    focus, background = split.events, split.background
    background_shown = [] if compact else background
    first, last = split.start, split.end
    title = (
        f"Timeline: {len(focus)} events from {_day_label(first, True)} to {_day_label(last, True)}"
    )
    if background_shown:
        title += f", and {len(background_shown)} earlier (background)"
    desc = "; ".join(f"{_when_text(e.when)}: {e.title}" for e in [*background_shown, *focus])
    svgs = [
        _strip_svg(background_shown, split, href, uid, layout, width, compact)
        for layout, width in LAYOUTS
    ]
    notes = ["Each mark is an event placed by its date and links to it"]
    if any(e.when.precision != "day" for e in focus):
        notes.append("a bar is a month or a date range")
    if any(e.when.start < first or e.when.end > last for e in focus):
        notes.append("a bar cut by an arrow at the edge goes on beyond the dates shown")
    if any(e.when.inferred for e in [*background_shown, *focus]):
        notes.append("a hollow mark or an outlined bar is an inferred date")
    if background_shown:
        notes.append("the top band holds the background, not to scale")
    elif background or omitted:
        notes.append(f"{len(background) + omitted} earlier events are on the full timeline")
    caption = "; ".join(notes) + "."
    return _figure("timeline", (s.render(title, desc) for s in svgs), _e(caption))


def _strip_svg(
    background: Sequence[Event],
    split: Focus,
    href: Href,
    uid: str,
    layout: str,
    width: int,
    compact: bool,
) -> _Svg:
    narrow = layout == "narrow"
    lane_h = 11.0 if compact else 13.0
    left, right = 10.0, width - 10.0
    focus = split.events
    first, last = split.start, split.end
    days = (last - first).days + 1
    px_per_day = (right - left) / days

    def x_of(day: dt.date, frac: float = 0.0) -> float:
        return left + ((day - first).days + frac) * px_per_day

    # Background band: one slot per year, in order, not to scale.
    parts_top: list[tuple[float, float, Event]] = []
    years: list[tuple[str, list[Event]]] = []
    for e in background:
        label = str(e.when.start.year)
        if e.when.end.year != e.when.start.year:
            label += f"–{str(e.when.end.year)[-2:]}"
        if years and years[-1][0] == label:
            years[-1][1].append(e)
        else:
            years.append((label, [e]))
    band_h = 0.0
    if years:
        slot = min(90.0, (right - left) / len(years))
        deepest = max(len(evs) for _, evs in years)
        band_h = 30 + deepest * lane_h + 20
        for i, (_, evs) in enumerate(years):
            for j, e in enumerate(evs):
                parts_top.append((left + slot * (i + 0.5), 30 + j * lane_h, e))

    # Focus band: to scale, each event in the first lane where it does not touch another.
    spans = []
    for e in focus:
        x0, x1 = x_of(max(e.when.start, first)), x_of(min(e.when.end, last), 1.0)
        if e.when.precision == "day":
            mid = (x0 + x1) / 2
            x0, x1 = mid - 5, mid + 5
        spans.append((x0, x1))
    # Day events get the lanes next to the axis, bars (months, ranges) the lanes above.
    lane_of: dict[int, int] = {}
    used = 0
    for points in (True, False):
        group = [i for i, e in enumerate(focus) if (e.when.precision == "day") == points]
        group.sort(key=lambda i: (spans[i][0], -spans[i][1]))
        lanes = _lanes([spans[i] for i in group], 3)
        for i, lane in zip(group, lanes, strict=True):
            lane_of[i] = used + lane
        used += max(lanes) + 1 if lanes else 0
    n_lanes = max(used, 1)
    focus_top = band_h + 8
    axis_y = focus_top + n_lanes * lane_h + 6
    height = axis_y + 24 + (4 if compact else 0)
    svg = _Svg(width, height, layout, uid)

    if years:
        svg.text(left, 14, "Background (not to scale)", "axis-unit")
        slot = min(90.0, (right - left) / len(years))
        for i, (label, _) in enumerate(years):
            svg.text(left + slot * (i + 0.5), band_h - 6, label, "tick", "middle")
        svg.line(left, band_h, right, band_h, "apart")
        for x, y, e in parts_top:
            _event_mark(svg, href, e, x - 4, x + 4, y, True)

    svg.line(left, axis_y, right, axis_y, "axis")
    for i, day in enumerate(date_ticks(first, last, px_per_day, 52 if narrow else 58)):
        x = x_of(day, 0.5 if px_per_day >= 6 else 0)
        svg.line(x, focus_top - 2, x, axis_y + 3, "grid")
        svg.text(x, axis_y + 16, _tick_label(day, px_per_day, i == 0), "tick", "middle")
    for i, e in enumerate(focus):
        x0, x1 = spans[i]
        y = axis_y - 6 - lane_of[i] * lane_h - lane_h / 2
        cut = (e.when.start < first, e.when.end > last)
        _event_mark(svg, href, e, x0, x1, y, e.when.precision == "day", cut)
    return svg


def _event_mark(
    svg: _Svg,
    href: Href,
    e: Event,
    x0: float,
    x1: float,
    y: float,
    point: bool,
    cut: tuple[bool, bool] = (False, False),
) -> None:
    hollow = " inferred" if e.when.inferred else ""
    if point:
        mid = (x0 + x1) / 2
        body = marker("circle", mid, y, 4, f"event{hollow}")
        body += f'<circle class="hit" cx="{_f(mid)}" cy="{_f(y)}" r="9"/>'
    else:
        w = max(4.0, x1 - x0 - 1)
        body = (
            f'<rect class="event-span{hollow}" x="{_f(x0 + 0.5)}" y="{_f(y - 3.5)}" '
            f'width="{_f(w)}" height="7" rx="3.5"/>'
        )
        if cut[0]:  # goes on before the window: an arrow at the left edge
            body += f'<path class="cut" d="M{_f(x0 + 6)},{_f(y - 5)} L{_f(x0)},{_f(y)} L{_f(x0 + 6)},{_f(y + 5)}"/>'  # noqa: E501
        if cut[1]:
            body += f'<path class="cut" d="M{_f(x1 - 6)},{_f(y - 5)} L{_f(x1)},{_f(y)} L{_f(x1 - 6)},{_f(y + 5)}"/>'  # noqa: E501
    svg.link(href(e), f"{_when_text(e.when)}: {e.title}", body)


# --- an actor and its relations -----------------------------------------------------


@dataclass
class Relation:
    """Another actor linked to one actor, and how (as seen from the first actor)."""

    other: Actor
    kind: str  # "affiliation", "speech", "support", "contradiction"
    label: str  # "part of", "member", "spoke for", "contradicts ×2"...
    weight: int = 1


def relations(actor: Actor) -> list[Relation]:
    """Every actor linked to ``actor``, strongest link first.

    Links: affiliation (part of / member), speech (a person the source names as saying
    a body's claim), and claims that support or contradict each other's.
    """
    found: dict[tuple[str, str], Relation] = {}

    def add(other: Actor | None, kind: str, label: str) -> None:
        if other is None or other is actor:
            return
        key = (other.id, label)
        if key in found:
            found[key].weight += 1
        else:
            found[key] = Relation(other, kind, label)

    add(actor.affiliation, "affiliation", "part of")
    for member in actor.members:
        add(member, "affiliation", "member")
    for claim in actor.spoken_claims:
        add(claim.claimant, "speech", "spoke for")
    for claim in actor.claims:
        for person in claim.speakers:
            add(person, "speech", "spoke for it")
        for other in claim.contradicts:
            add(other.claimant, "contradiction", "contradicts")
        for other in claim.contradicted_by:
            add(other.claimant, "contradiction", "contradicted by")
        for other in claim.supports:
            add(other.claimant, "support", "supports")
        for other in claim.supported_by:
            add(other.claimant, "support", "supported by")
    rank = {"affiliation": 0, "speech": 1, "contradiction": 2, "support": 3}
    out = sorted(found.values(), key=lambda r: (rank[r.kind], -r.weight, r.other.name.lower()))
    for r in out:
        if r.kind != "affiliation":
            r.label += f" ({r.weight} claims)" if r.weight > 1 else ""
    return out


#: At most this many neighbours are drawn (the caption lists every one).
MAX_NEIGHBOURS = 12


def relations_picture(actor: Actor, href: Href, uid: str) -> str:
    """``actor`` in the middle, linked actors around it, as a figure (``""`` if none)."""
    rels = relations(actor)
    if not rels:
        return ""
    shown = rels[:MAX_NEIGHBOURS]
    title = f"{actor.name} and the {len(rels)} actors linked to it"
    words = [f"{r.other.name} ({r.label})" for r in rels]
    desc = f"{actor.name} is linked to: " + "; ".join(words) + "."
    svgs = [_relations_svg(actor, shown, href, uid, layout, width) for layout, width in LAYOUTS]
    listed = "; ".join(
        f'<a href="{_e(href(r.other))}">{_e(r.other.name)}</a> ({_e(r.label)})' for r in rels
    )  # noqa: E501
    kinds = {r.kind for r in rels}
    key = [
        text
        for kind, text in (
            ("affiliation", "solid line: part of or member"),
            ("speech", "thick line: spoke for"),
            ("support", "dashed line: supporting claims"),
            ("contradiction", "dotted line: contradicting claims"),
        )
        if kind in kinds
    ]
    caption = f'Linked to: {listed}. <span class="key">{_e("; ".join(key))}.</span>'
    return _figure("relations", (s.render(title, desc) for s in svgs), caption)


def _relations_svg(
    actor: Actor, rels: Sequence[Relation], href: Href, uid: str, layout: str, width: int
) -> _Svg:
    narrow = layout == "narrow"
    n = len(rels)
    rx = 52.0 if narrow else 150.0
    ry = 64.0 + 7 * min(n, 8) if narrow else 54.0 + 6 * min(n, 8)
    cx = width / 2
    cy = ry + 34
    height = cy + ry + 40
    label_room = width / 2 - rx - 16
    svg = _Svg(width, height, layout, uid)
    spots = []
    for i, r in enumerate(rels):
        angle = (-math.pi / 2) + i * 2 * math.pi / n if n > 1 else 0.0
        if n == 2:
            angle = math.pi * i  # left and right of the centre
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        spots.append((x, y, angle, r))
        svg.line(cx, cy, x, y, f"rel rel-{r.kind}")
    box_w = min(width * 0.5, CHAR * len(actor.name) + 20)
    svg.add(
        f'<rect class="centre" x="{_f(cx - box_w / 2)}" y="{_f(cy - 13)}" '
        f'width="{_f(box_w)}" height="26" rx="6"/>'
    )
    svg.text(cx, cy + 4, _fits(actor.name, box_w - 12), "label centre-label", "middle")
    for x, y, angle, r in spots:
        c = math.cos(angle)
        if c > 0.35:
            anchor, tx, room = "start", x + 9, label_room + rx * (1 - c)
        elif c < -0.35:
            anchor, tx, room = "end", x - 9, label_room + rx * (1 - abs(c))
        else:
            anchor, tx, room = "middle", x, min(width * 0.42, 2 * (width / 2 - abs(x - cx)) - 8)
        if anchor != "middle":
            ty = y - 1
        elif math.sin(angle) > 0:
            ty = y + 19  # below the node
        else:
            ty = y - 24  # above it
        body = marker("circle", x, y, 5, f"node node-{r.kind}")
        body += f'<circle class="hit" cx="{_f(x)}" cy="{_f(y)}" r="10"/>'
        a = "" if anchor == "start" else f' text-anchor="{anchor}"'
        body += f'<text x="{_f(tx)}" y="{_f(ty)}"{a} class="label">'
        body += f"{_e(_fits(r.other.name, room))}</text>"
        body += f'<text x="{_f(tx)}" y="{_f(ty + 13)}"{a} class="label-sub">{_e(r.label)}</text>'
        svg.link(href(r.other), f"{r.other.name}: {r.label}", body)
    return svg


# --- for templates ------------------------------------------------------------------


def _href_from(context: Any) -> Href:
    page = str(context["page"])
    return lambda record: html_href(page, record.page, record.anchor)


@pass_context
def chart_for(context: Any, quantity: Quantity) -> Markup:
    """``{{ chart_for(q) }}``: the quantity's estimates chart, linked from this page."""
    return Markup(estimates_chart(quantity, _href_from(context), f"est-{quantity.id}"))


#: The overview's compact strip shows at most this many of the latest events.
COMPACT_EVENTS = 40


@pass_context
def strip_for(context: Any, events: Iterable[Event], compact: bool = False) -> Markup:
    """``{{ strip_for(events) }}``: the timeline strip, linked from this page (compact: the
    latest :data:`COMPACT_EVENTS` events only, however long the briefing)."""
    uid = "strip-compact" if compact else "strip"
    shown = list(events)
    omitted = 0
    if compact and len(shown) > COMPACT_EVENTS:
        omitted = len(shown) - COMPACT_EVENTS
        shown = sorted(shown, key=lambda e: (e.when.end, e.when.start, e.id))[-COMPACT_EVENTS:]
    href = _href_from(context)
    return Markup(timeline_strip(shown, href, uid, compact=compact, omitted=omitted))


@pass_context
def relations_for(context: Any, actor: Actor) -> Markup:
    """``{{ relations_for(actor) }}``: the actor's relations picture ("" if it has none)."""
    return Markup(relations_picture(actor, _href_from(context), f"rel-{actor.id}"))
