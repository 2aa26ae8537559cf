"""The frame of every page (core/templatetags/page.py): what is the same for every page of a
language is rendered once, and nothing of a request or a user is kept."""

from __future__ import annotations

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from tipnet.core.navigation import NavItem, items_for, menu_html
from tipnet.testing import login

# The menu as base.html wrote it before it was made once per menu and language.
LOOP = Template(
    '{% for item in nav_items %}<li><a href="{{ item.url }}" data-nav="{{ item.key }}"'
    '{% if request.path == item.url %} aria-current="page"{% endif %}>{{ item.label }}</a></li>'
    "{% endfor %}"
)


def test_once_keeps_nothing_of_the_page_and_follows_the_language(cast):
    template = Template(
        '{% load i18n page %}{% once %}<a href="{% url "home" %}">{% translate "Home" %}</a>'
        "[{{ user.username }}]{% endonce %} {{ user.username }}"
    )
    police, analyst = cast.users["police"], cast.users["analyst"]
    with translation.override("en"):
        assert template.render(Context({"user": police})) == '<a href="/">Home</a>[] police'
        assert template.render(Context({"user": analyst})) == '<a href="/">Home</a>[] analyst'
    with translation.override("km"):
        khmer = template.render(Context({"user": analyst}))
    assert "Home" not in khmer and khmer.endswith("[] analyst")


def test_the_menu_is_the_one_the_template_wrote(cast):
    request = RequestFactory().get("/people/")
    for user in cast.users.values():
        items = items_for(user)
        for language in ("en", "km"):
            with translation.override(language):
                for path in ("/", "/people/", "/nowhere/"):
                    request.path = path
                    old = LOOP.render(Context({"nav_items": items, "request": request}))
                    assert menu_html(items, path) == old, (user.username, language, path)


def test_the_menu_escapes_its_labels():
    items = [NavItem("x", '<b>"x"</b>', "/x/?a=1&b=2", "")]
    assert menu_html(items, "/x/?a=1&b=2") == (
        '<li><a href="/x/?a=1&amp;b=2" data-nav="x" aria-current="page">'
        "&lt;b&gt;&quot;x&quot;&lt;/b&gt;</a></li>"
    )


def test_every_page_still_has_its_frame(cast, client):
    police = cast.users["police"]
    login(client, police)
    for language, brand in (("en", ">tipnet</a>"), ("km", 'lang="km"')):
        police.language = language
        police.save(update_fields=["language"])
        page = client.get("/people/").text
        assert brand in page
        assert '<a href="/people/" data-nav="people" aria-current="page">' in page
        assert 'href="/static/tipnet/tipnet.css"' in page and "date-shown.js" in page
        assert 'action="/search/"' in page and 'href="/accounts/password/"' in page
        assert 'class="foot"' in page and f'data-username="{police.username}"' in page
