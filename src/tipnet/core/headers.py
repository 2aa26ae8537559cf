"""Security headers on every response the application itself makes (static files, served by
WhiteNoise before this middleware, keep their long cache lifetimes).

- Content-Security-Policy: scripts, styles, images, fonts and requests only from tipnet
  itself; no inline or eval'd script; no plugins, no framing, forms post only back to tipnet.
  Inline SVG charts and the QR code are drawn in the page; ``data:`` images are allowed for
  charts and icons embedded as images. Style *attributes* are allowed (SVG drawings and the
  Django admin's widgets use them); style elements and stylesheets from elsewhere are not.
- Permissions-Policy: no camera, microphone, location, payment or other device access.
- Cache-Control: no-store: pages carry names, identity numbers and case details; nothing
  the application sends may stay in a browser's or a proxy's cache.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers["Cache-Control"] = "private, no-store"
        return response
