"""The audit trail in the reader's language: record types, field names and coded values shown
as the labels the rest of tipnet uses ("Person #12", "Trafficking status: Possible victim of
trafficking → Victim of trafficking", "Proceedings: Forwarded to the prosecutor 2026-01-05"),
not the internal names the trail stores (``people.person``, ``PossibleVictimOfTrafficking``,
``['ForcedLabour']``). The trail itself keeps the codes (they do not change with the language);
the CSV export keeps them too, for machines."""

from __future__ import annotations

import ast
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Changes the services write under names that are not model fields.
PSEUDO_FIELDS = {
    "persons": _("People in the case"),
    "documents": _("Documents"),
    "events": _("Places and times"),
    "proceedings": _("Proceedings"),
    "charges": _("Charges"),
    "identification": _("Identification"),
    "consent": _("Consent"),
    "assessment": _("Assessment"),
    "care_plan": _("Care plan"),
    "follow_up": _("Follow-up visit"),
    "return": _("Return"),
    "criminal_cases": _("Criminal cases"),
    "step": _("Step"),
    "charge": _("Charge"),
    "person": _("Person in the case"),
    "reason": _("Reason"),
    # A child referred from the case to social services (cases/handoffs.py).
    "child_referrals": _("Children referred to social services"),
    # The receiving organisation's work on a referral (protection/services_work.py).
    "stay": _("Stay"),
    "service_given": _("Service given"),
    "note": _("Note to the referring organisation"),
    # Prevention work (prevention/services.py, services_plans.py): by record number only.
    "attendance": _("Attendance list"),
    "counted_total": _("Counted participants"),
    "action_plan": _("Action plan"),
    "action": pgettext_lazy("action plan", "Action"),
    "progress_note": _("Progress note"),
}
# A correction's changes are named "entry.field" (``step.date``): the entry's model.
ENTRY_MODELS = {
    "step": "cases.proceedingstep", "charge": "cases.charge", "person": "cases.caseperson",
    "identification": "protection.identification", "assessment": "protection.assessment",
    "care_plan": "protection.careplan",
    "action_plan": "prevention.actionplan", "action": "prevention.planaction",
    "progress_note": "prevention.progressnote",
}  # fmt: skip


@cache
def _codes() -> dict[str, Any]:
    """Every code of every choice list of tipnet's models and code modules -> its label."""
    found: dict[str, Any] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("tipnet."):
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and value:
                    found.setdefault(value, label)
    from tipnet.cases import codes as case_codes
    from tipnet.protection import codes as protection_codes

    for module in (case_codes, protection_codes):
        for item in vars(module).values():
            if isinstance(item, type) and issubclass(item, models.Choices):
                for value, label in item.choices:
                    if isinstance(value, str) and value:
                        found.setdefault(value, label)
    return found


def _model(object_type: str) -> Any:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def record_label(object_type: str, object_id: str = "") -> str:
    model = _model(object_type)
    name = capfirst(str(model._meta.verbose_name)) if model is not None else object_type
    return f"{name} #{object_id}" if object_id else name


def _entry(object_type: str, name: str) -> tuple[str, str]:
    """The model and field a change names: ``step.date`` is the date of a proceedings step."""
    noun, _dot, field = name.partition(".")
    if field and noun in ENTRY_MODELS:
        return ENTRY_MODELS[noun], field
    return object_type, name


def field_label(object_type: str, name: str) -> str:
    noun, _dot, field = name.partition(".")
    if field and noun in ENTRY_MODELS:
        return f"{PSEUDO_FIELDS[noun]}: {field_label(ENTRY_MODELS[noun], field).lower()}"
    model = _model(object_type)
    base = name.split(" ")[0]
    if model is not None:
        model_field = next((f for f in model._meta.get_fields() if f.name == name), None)
        if model_field is not None and hasattr(model_field, "verbose_name"):
            return capfirst(str(model_field.verbose_name))
    label = PSEUDO_FIELDS.get(base)
    if label is None:
        return name
    rest = name[len(base) :].strip()  # "care_plan 12 actual_start"
    return f"{label} {rest}".strip()


def value_label(value: Any) -> str:
    """A stored value as the reader reads it: codes as their labels, lists joined, the empty
    value as "∅"."""
    if value in (None, "", [], "||"):
        return "∅"
    codes = _codes()
    if isinstance(value, list):
        return ", ".join(str(codes.get(v, v)) for v in value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    text = str(value)
    if text.startswith("[") and text.endswith("]"):  # a list, as the trail stored it
        try:
            items = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            items = None
        if isinstance(items, list):
            return value_label(items) if items else "∅"
    if text.startswith("|") and text.endswith("|"):  # a multi-valued code field
        return ", ".join(str(codes.get(v, v)) for v in text.strip("|").split("|"))
    if text in codes:
        return str(codes[text])
    return " ".join(str(codes.get(word, word)) for word in text.split(" "))


# The records a change may name by their name: places, countries, organisations, offences.
# Never a person (a protection case's ``person`` is "#12", as the trail stored it).
NAMED_RECORDS = {"geo.area", "geo.country", "accounts.organisation", "cases.offence"}


def _related(object_type: str, name: str, value: Any) -> str | None:
    """A foreign key's value as the record it names (an area, an organisation), if any."""
    model = _model(object_type)
    field = next((f for f in model._meta.get_fields() if f.name == name), None) if model else None
    if not isinstance(field, models.ForeignKey) or value in (None, ""):
        return None
    if field.related_model._meta.label_lower == "accounts.user":
        # An officer (a lead officer, a case worker) by their full name, not their username.
        from tipnet.accounts.models import User

        user = User.objects.filter(pk=value).first()
        return str(user.display_name) if user is not None else f"#{value}"
    if field.related_model._meta.label_lower not in NAMED_RECORDS:
        return f"#{value}"
    target = field.related_model._default_manager.filter(pk=value).first()
    return str(target) if target is not None else None


def change_rows(object_type: str, shown: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """(field, old, new, values shown) for each change of an event, labelled; a field whose
    value did not change in the reader's terms (nothing before, nothing after) is left out."""
    rows = []
    for name, change in shown.items():
        if name in ("ids", "filters") or not isinstance(change, dict):
            continue
        has_values = "old" in change or "new" in change
        old = new = ""
        if has_values:
            model, field = _entry(object_type, name)
            old, new = (
                _related(model, field, change.get(side)) or value_label(change.get(side))
                for side in ("old", "new")
            )
            if old == new:
                continue
        rows.append((field_label(object_type, name), old, new, has_values))
    return rows
