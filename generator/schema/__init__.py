"""The content schema: the single source of truth for what editors may write.

:mod:`.types` has the building blocks, :mod:`.kinds` declares every record kind and
registers it, :mod:`.walk` finds references and dates in any record, and
:mod:`.export` writes the JSON Schema and ``CONTENT.md`` from the declarations.
Everything public in :mod:`.types` and :mod:`.kinds` is importable from here.
"""

from .export import content_reference, json_schema, json_schema_text  # noqa: F401, E402
from .kinds import *  # noqa: F403
from .kinds import COLLECTIONS, KINDS, Kind  # noqa: F401 - named for type checkers
from .types import *  # noqa: F403
