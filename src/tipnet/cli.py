"""The ``tipnet`` console command: Django's management commands under one name.

``tipnet migrate``, ``tipnet load_gazetteer``, ``tipnet audit verify``, ``tipnet demo``...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipnet.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["tipnet", *argv])
    args[0] = "tipnet"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
