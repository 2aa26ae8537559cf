"""Django's model backend, loading the signed-in user with what every page reads of them (their
organisation and jurisdiction, shown in the header and asked by the access module) in the same
query: one database round trip less on every request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from tipnet.accounts.models import User


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = (
            User._default_manager.select_related("organisation", "jurisdiction")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
