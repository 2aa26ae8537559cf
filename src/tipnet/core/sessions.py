"""A signed-in session slides forward at most once a minute instead of on every request.

The idle time-out (``SESSION_COOKIE_AGE``, 30 minutes) needs the session's expiry pushed
forward as the user works. Django's ``SESSION_SAVE_EVERY_REQUEST`` does it with a write
transaction on every request, page, fragment and place lookup alike: on a busy day every
office's requests queue on the session table. Here a request marks the session modified only
when its last refresh is more than ``REFRESH_SECONDS`` old, so the time-out is kept to within
a minute and most requests write nothing.

``SessionStore`` (``SESSION_ENGINE = "tipnet.core.sessions"``) is Django's database session
store reading a session with one plain statement instead of building an ORM query on every
request: the same row (this key, not expired), the same decoding and checks; writing, key
rotation and expiry are Django's."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

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


COLUMNS = ("session_data", "session_key", "expire_date")


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        model = self.model
        using = router.db_for_read(model)
        connection = connections[using]
        qn = connection.ops.quote_name
        data, key, expiry = (
            qn(str(getattr(model._meta.get_field(f), "column", f))) for f in COLUMNS
        )
        # Names from the model, values as parameters.
        sql = f"SELECT {data} FROM {qn(model._meta.db_table)} WHERE {key} = %s AND {expiry} > %s"  # noqa: S608
        session_key = self.session_key or ""  # load() is called only with a key
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        # What load() reads of it; saving builds its own instance (create_model_instance).
        return model(session_key=session_key, session_data=row[0])
