from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from tipnet.cases import codes
from tipnet.cases.stages import Stage

register = template.Library()

CODE_LISTS = {
    "exploitation": codes.ExploitationType,
    "control": codes.MethodOfControl,
    "platform": codes.Platform,
    "role_in_process": codes.RoleInProcess,
}


@register.filter
def stage_label(stage: str) -> str:
    """A stage's label in the reader's language ("No proceedings yet" before the first step)."""
    if not stage:
        return str(_("No proceedings yet"))
    try:
        return str(Stage(stage).label)
    except ValueError:
        return stage


@register.filter
def code_labels(values: list[str], list_name: str) -> str:
    choices = dict(CODE_LISTS[list_name].choices)
    return ", ".join(str(choices.get(v, v)) for v in values or [])


@register.filter
def add_list(first: list[Any], second: list[Any]) -> list[Any]:
    return [*first, *second]
