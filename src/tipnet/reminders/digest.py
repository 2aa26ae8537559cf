"""The daily digest: each morning, a user who gave an email address gets what waits for them
(the home page's "waiting for you", tipnet.core.waiting), in their language, as counts and the
pages to open. A digest never carries a name, a case title or any other detail of a record:
an inbox is not a place the access module controls."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tipnet.accounts.models import User
from tipnet.core.numbers import number
from tipnet.core.waiting import Waiting, waiting_for


def message_for(user: User, items: list[Waiting]) -> tuple[str, str]:
    """Subject and body of one user's digest, in their language (already active)."""
    total = sum(item.count for item in items)
    subject = ngettext(
        "tipnet: %(count)s thing waits for you", "tipnet: %(count)s things wait for you", total
    ) % {"count": number(total)}
    base = settings.TIPNET_BASE_URL.rstrip("/")
    lines = [_("Good morning. In tipnet, for you:"), ""]
    lines += [f"- {number(item.count)} · {item.label}: {base}{item.url}" for item in items]
    lines += [
        "",
        _("Open tipnet to see them. This message holds no names: that is deliberate."),
        _("You get it because your account has this email address; ask your administrator "
          "to remove it to stop these messages."),
    ]  # fmt: skip
    return subject, "\n".join(lines)


def send_digests(now: datetime | None = None) -> int:
    """Send today's digest to every active user with an email address and something waiting;
    the number sent. The scheduler runs it once a day (tipnet.jobs.schedule)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    sent = 0
    users = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .select_related("organisation", "jurisdiction")
    )
    for user in users:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            items = [item for item in waiting_for(user, today) if item.count and item.digest]
            if not items:
                continue
            subject, body = message_for(user, items)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent
