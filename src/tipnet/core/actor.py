"""Who does something: the actor every service takes instead of an HTTP request.

A web view builds one with :meth:`Actor.of`; an import, a command, the demo data and later
the field-collection and API doors build one from the user they act for. The audit trail
records the actor's user, organisation, address and the path *without its query string*
(a search term typed into a GET form must not reach the trail)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest


@dataclass(frozen=True)
class Actor:
    user: Any
    ip: str | None = None
    path: str = ""
    via: str = "web"

    @property
    def organisation_id(self) -> int | None:
        return getattr(self.user, "organisation_id", None)

    @classmethod
    def of(cls, request: HttpRequest) -> Actor:
        return cls(
            user=getattr(request, "user", None), ip=client_ip(request), path=request.path[:500]
        )

    @classmethod
    def command(cls, user: Any, via: str = "command") -> Actor:
        return cls(user=user, via=via)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address; behind ``TIPNET_PROXY_COUNT`` trusted proxies, the address the
    outermost of them saw (X-Forwarded-For is only trusted that far)."""
    if request is None:
        return None
    proxies = settings.TIPNET_PROXY_COUNT
    forwarded = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        candidate = forwarded[-proxies]
        try:
            ipaddress.ip_address(candidate)
            return candidate
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or None
