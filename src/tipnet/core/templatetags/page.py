"""The frame of every page, rendered once where it can be: ``{% load page %}``.

- ``{% once %}…{% endonce %}``: markup that is the same on every page for a language (links to
  the stylesheet and scripts, fixed links and labels of the header, the footer) is rendered
  the first time for each language and kept with the template. It is rendered without the
  page's context, so nothing of a request or a user can be kept: a variable inside renders
  empty (``test_page_frame.py``). Tags that need nothing but the language and the address
  of the site (``static``, ``url`` without arguments, ``translate``) belong inside.
- ``{% nav_menu %}``: the main menu of ``nav_items`` (the context processor), from HTML made
  once per menu and language (``core/navigation.py``), the current page marked.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from tipnet.core.navigation import menu_html

register = template.Library()


class OnceNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        self.rendered: dict[tuple[str | None, str, bool], SafeString] = {}

    def render(self, context: Context) -> SafeString:
        key = (get_language(), get_script_prefix(), context.autoescape)
        found = self.rendered.get(key)
        if found is None:
            empty = Context(autoescape=context.autoescape, use_l10n=context.use_l10n)
            empty.template = context.template
            found = self.rendered[key] = mark_safe(self.nodelist.render(empty))  # noqa: S308
        return found


@register.tag
def once(parser: Parser, token: Token) -> OnceNode:
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist)


@register.simple_tag(takes_context=True)
def nav_menu(context: Any) -> SafeString:
    request = context.get("request")
    return menu_html(context.get("nav_items") or [], request.path if request else "")
