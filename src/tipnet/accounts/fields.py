"""Form fields that choose a user: listed by the person's name, never by the log-in name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet


def by_name(users: QuerySet[Any]) -> QuerySet[Any]:
    """Users in the order their names are read in a list (family name first, as in Khmer)."""
    return users.order_by("last_name", "first_name", "username")


class UserChoiceField(forms.ModelChoiceField):
    """A user by their name in the page's language (``User.display_name``: the Khmer name on
    Khmer pages where one is recorded, else the name in Latin letters, else the username)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)
