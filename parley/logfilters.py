"""Keep secrets out of the logs: invitation and return-link tokens appear in request paths."""

from __future__ import annotations

import logging
import re

# Invitations, return links, and participants' private feeds (`/d/<slug>/new-statements/<token>.atom`).
_TOKEN_IN_PATH = re.compile(r"(/join/|/r/|/new-statements/)[^/\s]+")


def _mask(value: object) -> object:
    return _TOKEN_IN_PATH.sub(r"\1[hidden]", value) if isinstance(value, str) else value


class HideTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_mask(a) for a in record.args)
        request = getattr(record, "request", None)
        if request is not None:
            # Django's handler may format the request's path again from the record.
            record.request = None
        return True
