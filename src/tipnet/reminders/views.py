"""The user's own notifications: the reminders that fell due for them (and only them)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tipnet.accounts.http import AuthenticatedRequest
from tipnet.reminders.models import Notification


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    mine = Notification.objects.filter(recipient=request.user)
    if request.method == "POST":
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notifications")
    return render(
        request,
        "reminders/notifications.html",
        {"notifications": mine[:100], "unread": mine.filter(read_at__isnull=True).exists()},
    )
