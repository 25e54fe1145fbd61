"""The navigation's badge: formats what `context_processors.awaiting` counted (no queries here)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag(takes_context=True)
def awaiting_badge(context: template.Context) -> str:
    counted: Any = context.get("awaiting_badge") or {}
    slug, total, new = counted.get("slug"), counted.get("total"), counted.get("new")
    if slug and total:
        text = ngettext("%(n)d awaiting your side", "%(n)d awaiting your side", total) % {"n": total}
        url = reverse("notifications:awaiting", args=[slug])
    elif slug and new:
        text = ngettext("%(n)d new statement", "%(n)d new statements", new) % {"n": new}
        url = reverse("dialogues:me", args=[slug]) + "#new-statements"
    else:
        return ""
    return format_html('<a class="awaiting-badge" href="{}"><span class="badge">{}</span></a>', url, text)
