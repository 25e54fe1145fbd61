"""Security defaults: headers, cookies, password hashing, no third-party origins, no IP addresses."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

import parley.settings as production_settings

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2():
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_an_account_made_with_the_production_hashers_stores_an_argon2_hash_and_signs_in(settings, client):
    from django.contrib.auth import get_user_model

    from parley.dialogues import actions

    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    actions.do_create_account("hashed-organizer", "a long enough passphrase")
    stored = get_user_model().objects.get(username="hashed-organizer").password
    assert stored.startswith("argon2$argon2id$") and "a long enough passphrase" not in stored
    wrong = client.post(reverse("login"), {"username": "hashed-organizer", "password": "not the passphrase"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    right = client.post(reverse("login"), {"username": "hashed-organizer", "password": "a long enough passphrase"})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get(username="hashed-organizer").pk)


def test_pages_send_a_content_security_policy_with_no_third_party_origin(world, client):
    response = client.get(reverse("dialogues:results", args=[world.dialogue.slug]))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert not re.search(r"https?://", policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_load_nothing_from_another_origin_and_have_no_inline_script(world, client):
    for url in [reverse("dialogues:home"), reverse("dialogues:results", args=[world.dialogue.slug])]:
        html = client.get(url).content.decode()
        assert not re.search(r'(src|href)="(https?:)?//', html), url
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html, url


def test_security_headers_are_set(client):
    response = client.get(reverse("dialogues:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_http_only_and_same_site(world, client):
    from parley.dialogues import actions

    _invite, token = actions.do_create_invite(world.aynur, side_id=world.side_a.pk)
    csrf = client.get(reverse("dialogues:join", args=[token])).cookies["csrftoken"]
    response = client.post(reverse("dialogues:join", args=[token]), {"handle": "Cookie", "language": "en"})
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert csrf["httponly"] and csrf["samesite"] == "Strict"


def test_forms_refuse_posts_without_a_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_no_model_stores_an_ip_address():
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        for field in model._meta.get_fields():
            assert not isinstance(field, models.GenericIPAddressField), f"{model.__name__}.{field.name}"
            assert "ip" not in field.name.split("_"), f"{model.__name__}.{field.name}"


def test_invite_and_return_tokens_are_stored_only_as_hashes(world):
    from parley.dialogues import actions
    from parley.dialogues.models import Invite, Membership

    invite, token = actions.do_create_invite(world.aynur, side_id=world.side_a.pk)
    _member, return_token = actions.do_join(token, handle="Hashed", language="en")
    stored = [
        *Invite.objects.values_list("token_hash", flat=True),
        *Membership.objects.values_list("return_token_hash", flat=True),
    ]
    assert token not in stored and return_token not in stored
    assert Invite.objects.get(pk=invite.pk).token_hash == actions.hash_token(token)
