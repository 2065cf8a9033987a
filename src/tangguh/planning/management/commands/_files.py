"""What the planning file commands share: printing an import's problems and result."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tangguh.core.importing import Problem


def finish(
    command: BaseCommand, options: dict[str, Any], result: dict[str, Any], summary: str
) -> None:
    """Print the result (or its problems) and fail when there are problems."""
    problems: Sequence[dict[str, Any]] = result["problems"]
    if options.get("json"):
        command.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
    else:
        for problem in problems:
            command.stderr.write(str(Problem(**problem)))
        if not problems:
            command.stdout.write(summary)
    if problems:
        raise CommandError(
            ngettext(
                "%(count)d problem found; nothing was written.",
                "%(count)d problems found; nothing was written.",
                len(problems),
            )
            % {"count": len(problems)}
        )


def file_missing(path: Any) -> CommandError:
    """The error for a file that does not exist."""
    return CommandError(_("file not found: %(files)s") % {"files": path})
