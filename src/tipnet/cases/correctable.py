"""What every correctable entry of a case carries (steps, charges, the people in a case): its
version, who recorded it, and whether and why it was withdrawn or corrected."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tipnet.core.encryption import EncryptedTextField


class CurrentManager(models.Manager):
    """The entries in force: withdrawn ones, and the copies kept of an entry's values before a
    correction, are left out of every count, rule and list that reads through ``objects``
    (the services, the summary, the pipeline, the importer, the access rules);
    ``all_objects`` reads them too (the timeline, the corrections themselves)."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Correctable(models.Model):
    """An entry of a case that its recording organisation may correct or withdraw
    (:mod:`tipnet.cases.corrections`). A correction changes the entry in place (it keeps its
    place in the proceedings) and keeps a withdrawn copy of the values before it, pointing at
    the entry (``superseded_by``); a withdrawal marks the entry itself. Either way the entry
    stays on the timeline with who, when and why, and no longer counts."""

    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False,
    )  # fmt: skip
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False,
    )  # fmt: skip
    # Free text, identifying like notes: encrypted, withheld from counting roles, sealed in
    # the audit trail.
    withdrawal_reason = EncryptedTextField(
        _("reason for the correction or withdrawal"), blank=True, default="", db_default=""
    )
    superseded_by = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="earlier_versions",
        editable=False,
    )  # fmt: skip
    if TYPE_CHECKING:  # the stubs do not give an abstract model's self-reference its column
        superseded_by_id: int | None

    objects = CurrentManager()
    all_objects = models.Manager()  # noqa: DJ012 (ruff reads CurrentManager as a field)

    class Meta:
        abstract = True

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def corrected(self) -> bool:
        """A copy of the values this entry had before a correction."""
        return self.superseded_by_id is not None
