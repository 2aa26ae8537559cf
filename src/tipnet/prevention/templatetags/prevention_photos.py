"""The activity page's link to its photos, with the number this user sees (a photo in which
children can be recognised counts only for the uploading organisation)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def seen_photo_count(context: Any, activity: Any) -> int:
    """How many photos of ``activity`` the page's user sees (the page checked the activity)."""
    from tipnet.prevention.services_photos import seen_count

    return seen_count(context["request"].user, activity)
