from __future__ import annotations

from tipnet.testing import login


def _policy(response) -> dict[str, str]:
    directives = [d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";")]
    return {name: value for name, value in directives}


def _assert_protected(response) -> None:
    policy = _policy(response)
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_it_protects_pages(cast, client):
    login_page = client.get("/accounts/login/")
    _assert_protected(login_page)
    login(client, cast.users["police"])
    home = client.get("/")
    _assert_protected(home)
    # htmx is told not to eval or inject styles, so the policy need not allow either.
    assert '"allowEval": false' in home.text and '"includeIndicatorStyles": false' in home.text


def test_it_protects_exports_and_downloads(cast, client):
    person = cast.people["bmc_poipet"]
    person.photo, person.photo_type = b"\x89PNG\r\n\x1a\nfake", "image/png"
    person.save()
    login(client, cast.users["police"])
    export = client.get("/people/export.csv?q=Sok")
    assert export.status_code == 200
    _assert_protected(export)
    photo = client.get(f"/people/{person.pk}/photo/")
    assert photo.status_code == 200
    _assert_protected(photo)


def test_it_lets_static_files_be_cached(client):
    css = client.get("/static/tipnet/tipnet.css")
    assert css.status_code == 200
    assert "no-store" not in css.get("Cache-Control", "")


def test_it_compresses_pages_for_clients_that_accept_it(cast, client):
    import gzip

    login(client, cast.users["police"])
    plain = client.get("/cases/")
    packed = client.get("/cases/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert "<html" in page and len(packed.content) < len(page.encode()) / 2
    _assert_protected(packed)
