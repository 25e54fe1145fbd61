"""`/healthz`: deployers' liveness check, and the load benchmark's trivial view."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_ok_as_plain_text_without_the_session_or_the_database(django_assert_num_queries):
    client = Client()
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    # A view that read the session would make the response vary by cookie; one that wrote it would set one.
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


@pytest.mark.django_db
def test_healthz_refuses_writes():
    assert Client().post("/healthz").status_code == 405
