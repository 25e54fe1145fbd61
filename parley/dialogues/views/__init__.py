"""Dialogue pages, split by who uses them: the public, participants, and the people who run a dialogue."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from parley.dialogues.access import ActionError


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it."""

    htmx: HtmxDetails


def show_error(form: forms.Form, error: ActionError) -> None:
    """Attach an action's error to the form field it concerns, or to the whole form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
