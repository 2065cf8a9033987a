"""The `tangguh` console script: Django's manage.py with hyphenated command names."""

from __future__ import annotations

import os
import sys


def _command_name(argv: list[str]) -> list[str]:
    # Commands are documented with hyphens (`load-regions`); Django modules use underscores.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv = [argv[0], argv[1].replace("-", "_"), *argv[2:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    """Run a tangguh command, e.g. `tangguh demo` or `tangguh load-regions`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangguh.settings")
    args = _command_name(list(sys.argv if argv is None else argv))
    if len(args) > 1 and args[1] == "demo":
        # The local demo is served over plain HTTP on the loopback interface.
        os.environ.setdefault("TANGGUH_HTTPS", "false")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
