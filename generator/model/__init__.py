"""The *model* stage: typed, cross-linked records built from checked content.

:mod:`.records` holds the classes the templates see; :mod:`.build` fills them from
the schema's declarations.
"""

from .build import build_model  # noqa: E402, I001 - after the records it fills
from .records import (
    Actor,
    Briefing,
    Citation,
    Claim,
    Event,
    Figure,
    Judgment,
    Quantity,
    Quote,
    Record,
    Source,
)

__all__ = [
    "Actor",
    "Briefing",
    "Citation",
    "Claim",
    "Event",
    "Figure",
    "Judgment",
    "Quantity",
    "Quote",
    "Record",
    "Source",
    "build_model",
]
