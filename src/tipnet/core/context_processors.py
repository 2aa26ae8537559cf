from typing import Any

from django.http import HttpRequest

from tipnet.core.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu, once the user is fully logged in (second factor included where required)."""
    from django.conf import settings

    from tipnet.accounts.twofactor import needs_two_factor

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    if settings.TIPNET_ENFORCE_2FA and needs_two_factor(user) and not user.is_verified():
        return {"nav_items": []}
    return {"nav_items": items_for(user)}
