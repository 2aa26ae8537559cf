"""Action plans made at a workshop, meeting or training (seed 000: "identify local resources
and develop action plans"; seed 001: workshops that "establish priorities and action plans"):
priorities, local resources, and actions with an owner, a due date, a status and dated
progress notes. A plan is seen and changed by whoever may see and change its activity."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tipnet.accounts.models import Organisation
from tipnet.prevention.models import Activity

USER = settings.AUTH_USER_MODEL


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class ActionPlan(models.Model):
    activity = models.OneToOneField(Activity, models.CASCADE, related_name="plan")
    priorities = models.TextField(_("priorities"))
    local_resources = models.TextField(
        _("local resources identified"), blank=True,
        help_text=_("People, budget, places and services the community can count on."),
    )  # fmt: skip
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"plan #{self.pk}"


class PlanAction(models.Model):
    plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="actions")
    description = models.CharField(pgettext_lazy("action plan", "action"), max_length=300)
    owner_organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("owner organisation"),
    )  # fmt: skip
    owner_name = models.CharField(
        _("owner (person)"), max_length=150, blank=True,
        help_text=_("A person who carries the action out, such as the village chief."),
    )  # fmt: skip
    due_on = models.DateField(_("due on"), db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = pgettext_lazy("action plan", "action")
        verbose_name_plural = pgettext_lazy("action plan", "actions")

    def __str__(self) -> str:
        return str(self.description)

    @property
    def owner(self) -> str:
        parts = [str(self.owner_organisation or ""), self.owner_name]
        return " · ".join(p for p in parts if p) or "—"


class ProgressNote(models.Model):
    action = models.ForeignKey(PlanAction, models.CASCADE, related_name="notes")
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    recorded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["noted_on", "id"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"note #{self.pk}"
