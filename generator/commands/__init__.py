"""The ``briefing`` subcommands: one module each, registered in :data:`COMMANDS`.

A command module has ``register(sub, parents)``, which adds its parser (with the
shared options in ``parents``), and ``run(args) -> exit status``. To add a command,
write its module and add it to :data:`COMMANDS`.
"""

from __future__ import annotations

from types import ModuleType

from . import build, coverage, diff, new, offline, schema, serve, stats, validate

#: Every command, in the order ``briefing --help`` lists them.
COMMANDS: tuple[ModuleType, ...] = (
    validate,
    build,
    offline,
    serve,
    new,
    diff,
    stats,
    coverage,
    schema,
)
