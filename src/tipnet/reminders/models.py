"""Reminders that fall due, and the notifications they become.

Any app sets a reminder for a user (a follow-up visit, a deadline of the proceedings); the
scheduled job ``fire_due_reminders`` turns each due one, once, into a notification for that user
and sends the ``reminder_fired`` signal, where escalations hook in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    due_at = models.DateTimeField(_("due"))
    # What it is about: a code of the app that set it, and the record (by type and id), so
    # that a page can link to it and the app can tell its own reminders apart.
    kind = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    # Shown as it is: the app that sets a reminder writes it in the recipient's language and
    # never puts identifying details in it.
    text = models.CharField(_("text"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    fired_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["due_at"], name="reminder_pending", condition=models.Q(fired_at=None)
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reminder = models.OneToOneField(
        Reminder, on_delete=models.SET_NULL, null=True, related_name="notification"
    )
    text = models.CharField(_("text"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "-created_at"])]

    def __str__(self) -> str:
        return self.text
