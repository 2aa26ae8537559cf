from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tipnet.accounts.access import Action, Resource, can, deny
from tipnet.accounts.http import AuthenticatedRequest
from tipnet.core.navigation import items_for
from tipnet.core.search import search
from tipnet.core.waiting import waiting_for


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    context = {
        "tiles": [i for i in items_for(request.user) if i.key != "home"],
        "waiting": waiting_for(request.user),
        "may_see_people": can(request.user, Action.LIST, Resource.PERSON),
    }
    return render(request, "core/home.html", context)


@login_required
def search_view(request: HttpRequest) -> HttpResponse:
    """The header's search box: one results page, a section per kind of record the user may
    list, each found only by what the user may see of it (core/search.py)."""
    q = request.GET.get("q", "")
    sections = search(request.user, q)
    if not sections:
        deny(request, "search")
    return render(
        request,
        "core/search.html",
        {"q": q.strip(), "sections": sections, "any": any(s.rows for s in sections)},
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch between Khmer and English; remembered on the user and in a cookie."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        httponly=True,
    )
    return response


def _error(request: HttpRequest, template: str, status: int, **extra: Any) -> HttpResponse:
    return render(request, template, {"status": status, **extra}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    too_big = type(exception).__name__ in {
        "RequestDataTooBig",
        "TooManyFieldsSent",
        "TooManyFilesSent",
    }
    return _error(
        request,
        "errors/400.html",
        413 if too_big else 400,
        too_big=too_big,
        max_mb=settings.TIPNET_MAX_UPLOAD_MB,
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/403.html", 403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, "errors/500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    from tipnet.audit.services import record_event

    record_event(request, "permission_denied", detail=f"CSRF check failed: {reason}"[:500])
    return _error(request, "errors/csrf.html", 403)
