"""The request a signed-in view is handed, as the type checker knows it.

Django types ``request.user`` as ``User | AnonymousUser``. Behind ``login_required`` (and the
two-factor middleware) it is always a tipnet :class:`~tipnet.accounts.models.User`: views so
guarded take an :class:`AuthenticatedRequest`. Django never builds one, the object is the
usual ``HttpRequest`` at run time; the class only tells mypy what the decorator guarantees.
"""

from __future__ import annotations

from django.http import HttpRequest

from tipnet.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
