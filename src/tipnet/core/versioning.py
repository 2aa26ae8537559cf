"""Concurrent edits: every editable record carries a version; a save that started from an older
version is refused with the record as it is now, so the second writer is told, not overwritten.

:func:`save_versioned` is the one way a view saves an edit form: it passes the form's version
to the service, and turns a refusal into what the user sees (their entries beside the current
version, or the reason the access module gave)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class StaleEdit(Exception):
    """Someone else saved the record after this edit started; ``current`` is their version."""

    def __init__(self, current: Any) -> None:
        super().__init__("stale edit")
        self.current = current


@dataclass(frozen=True)
class Stale:
    """A refused stale edit: the record as it is now and what the user had entered."""

    current: Any
    yours: list[tuple[str, Any]]


def entered(form: Any, skip: Iterable[str] = ()) -> list[tuple[str, Any]]:
    """The user's entries of a form, labelled, to show beside the version that won."""
    hidden = {"version", *skip}
    return [
        (form.fields[name].label, readable(form.fields[name], value))
        for name, value in form.cleaned_data.items()
        if name in form.fields and name not in hidden and value not in (None, "", [])
    ]


def readable(field: Any, value: Any) -> Any:
    """A choice as its label ("Postponed", not ``postponed``); other values as they are."""
    choices = getattr(field, "choices", None)
    if choices is None or hasattr(field, "queryset"):  # a record reads as itself
        return value
    labels: dict[str, Any] = {}
    for key, label in choices:
        if isinstance(label, (list, tuple)):  # a group of choices
            labels.update((str(k), v) for k, v in label)
        else:
            labels[str(key)] = label
    if isinstance(value, (list, tuple)):
        return ", ".join(str(labels.get(str(v), v)) for v in value)
    return labels.get(str(value), value)


def save_versioned(
    request: HttpRequest,
    form: Any,
    save: Callable[[int], Any],
    stale_message: StrOrPromise,
    place_field: str | None = None,
    skip: Iterable[str] = (),
) -> bool | Stale:
    """Save a valid edit form through ``save(version)``. ``True`` when saved; ``False`` when
    refused with an error on the form (no version: a tampered or truncated form; or a place the
    user may not move the record to, see :func:`refuse`); a :class:`Stale` when someone saved
    the record first (``stale_message`` is shown)."""
    from tipnet.accounts.access import NotAllowed

    version = form.cleaned_data.get("version")
    if version is None:
        form.add_error(
            None, _("The form is incomplete. Open the record again and redo the change.")
        )
        return False
    try:
        save(version)
    except StaleEdit as stale:
        messages.error(request, stale_message)
        return Stale(stale.current, entered(form, skip))
    except NotAllowed as refused:
        refuse(request, form, refused, place_field)
        return False
    return True


def refuse(request: HttpRequest, form: Any, refused: Any, field: str | None = None) -> None:
    """Show a write the access module refused on the form, and audit the refusal."""
    from tipnet.audit.services import record_event

    record_event(request, "permission_denied", detail=refused.detail)
    form.add_error(field if field in getattr(form, "fields", {}) else None, refused.message)
