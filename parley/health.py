"""`/healthz`: a liveness check for deployers' proxies and supervisors.

It answers 200 "ok" as plain text and touches neither the session nor the database, so it says only
that a web process is up and answering; it also serves the load benchmark as the trivial view that a
vote is measured against (bench/README.md)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods


@never_cache
@require_http_methods(["GET", "HEAD"])
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
