"""A signed-in session slides forward at most once a minute instead of on every request.

The idle time-out (``SESSION_COOKIE_AGE``, 30 minutes) needs the session's expiry pushed
forward as the user works. Django's ``SESSION_SAVE_EVERY_REQUEST`` does it with a write
transaction on every request, page, fragment and place lookup alike: on a busy day every
office's requests queue on the session table. Here a request marks the session modified only
when its last refresh is more than ``REFRESH_SECONDS`` old, so the time-out is kept to within
a minute and most requests write nothing."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

REFRESH_SECONDS = 60
KEY = "_tipnet_refreshed"


class SlidingSessionMiddleware:
    """After Django's SessionMiddleware and AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            if now - int(session.get(KEY, 0)) >= REFRESH_SECONDS:
                session[KEY] = now  # modified: saved with a new expiry, cookie sent again
        return self.get_response(request)
