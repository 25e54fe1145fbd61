"""Opt-in e-mail: who may ask for it, what it says (nothing about participants), sent once, reminders
on time, after the transaction commits, through Django's outbox and a real SMTP server on loopback."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parley.dialogues.models import Membership
from parley.notifications import actions
from parley.notifications.delivery import send_emails
from parley.notifications.tests.scenes import busy
from parley.proposals import actions as governance

pytestmark = pytest.mark.django_db


def opt_in(world, who, address=None):
    return actions.do_save_email_settings(world.members[who], address or f"{who}@example.org", True)


def test_a_co_chair_opts_in_on_the_settings_page_and_the_address_stays_off_the_record(world):
    url = reverse("notifications:settings", args=[world.dialogue.slug])
    response = world.client("gayane").post(url, {"what": "email", "address": "gayane@example.org", "enabled": "on"})
    assert response.status_code == 302
    assert world.gayane.user.notification_email.enabled
    record = Client().get(reverse("publicrecord:record", args=[world.dialogue.slug])).content.decode()
    assert "gayane@example.org" not in record


def test_a_bad_address_is_refused_with_a_message(world):
    url = reverse("notifications:settings", args=[world.dialogue.slug])
    response = world.client("lilit").post(url, {"what": "email", "address": "not an address", "enabled": "on"})
    assert response.status_code == 400
    assert "Enter a valid e-mail address." in response.content.decode()


@pytest.mark.parametrize("who", ["alice", "farid"])
def test_participants_and_organizers_cannot_ask_for_email(world, who):
    url = reverse("notifications:settings", args=[world.dialogue.slug])
    assert world.client(who).get(url).status_code == 403
    assert (
        world.client(who).post(url, {"what": "email", "address": "x@example.org", "enabled": "on"}).status_code == 403
    )


def test_each_item_awaiting_an_opted_in_member_is_mailed_once(world):
    opt_in(world, "gayane")
    busy(world)
    assert send_emails() == 3
    assert send_emails() == 0  # the task ran twice: nothing twice
    assert sorted(m.subject for m in mail.outbox) == [
        "[Parley] A proposal awaits your side's approval",
        "[Parley] A statement on hold awaits your side's decision",
        "[Parley] An appeal awaits your side's answer",
    ]
    assert {tuple(m.to) for m in mail.outbox} == {("gayane@example.org",)}


def test_nobody_who_did_not_opt_in_gets_email(world):
    busy(world)
    actions.do_save_email_settings(world.lilit, "lilit@example.org", False)
    assert send_emails() == 0
    assert mail.outbox == []


def test_no_message_names_a_participant_or_quotes_a_statement(world):
    for who in ("aynur", "gayane", "elvin", "lilit"):
        opt_in(world, who)
    busy(world)
    assert send_emails() == 9
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        for private in ("Alice", "Bella", "A statement side", "It is about the rivers", "@example.org"):
            assert private not in text, (private, text)
        assert "http://127.0.0.1:8000/d/river-talks/" in text


def test_reminders_come_a_day_before_a_proposal_expires_and_twelve_hours_before_a_hold_lapses(world):
    opt_in(world, "gayane")
    scene = busy(world)
    start = timezone.now()
    assert send_emails(now=start) == 3
    assert send_emails(now=start + timedelta(hours=35)) == 0  # the hold lapses at 48 h: not yet
    assert send_emails(now=start + timedelta(hours=37)) == 1
    assert mail.outbox[-1].subject == "[Parley] Reminder: A statement on hold awaits your side's decision"
    assert send_emails(now=start + timedelta(hours=37, minutes=1)) == 0
    assert send_emails(now=start + timedelta(days=5, hours=23)) == 0  # the proposal expires at 7 days
    assert send_emails(now=start + timedelta(days=6, hours=1)) == 1
    assert mail.outbox[-1].subject == "[Parley] Reminder: A proposal awaits your side's approval"
    assert "expires in 22 hours" in mail.outbox[-1].body
    assert scene.proposal.expires_at.strftime("%Y-%m-%d %H:%M UTC") in mail.outbox[-1].body


def test_a_first_notice_inside_the_reminder_window_is_not_followed_by_a_reminder(world):
    busy(world)
    opt_in(world, "gayane")  # opts in late: the hold is 40 hours old
    later = timezone.now() + timedelta(hours=40)
    assert send_emails(now=later) == 3  # first notices; the hold's counts as its reminder too
    assert send_emails(now=later + timedelta(hours=1)) == 0


def test_messages_are_in_the_members_language(world):
    opt_in(world, "gayane")
    Membership.objects.filter(pk=world.gayane.pk).update(language="hy")
    governance.do_propose(world.aynur, "status", {"status": "closed"})
    assert send_emails() == 1
    assert mail.outbox[0].subject == "[Parley] Առաջարկը սպասում է ձեր կողմի հաստատմանը"


@pytest.mark.django_db(transaction=True)
def test_mail_is_sent_by_a_task_after_the_transaction_commits_never_inside_it(settings):
    from parley.testing.personas import build_world

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    world = build_world(slug="commit-talks")
    opt_in(world, "gayane")
    with transaction.atomic():
        governance.do_propose(world.aynur, "status", {"status": "closed"})
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["[Parley] A proposal awaits your side's approval"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_mail_goes_through_a_real_smtp_server(world, settings):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    class Keep(Sink):
        def __init__(self) -> None:
            self.messages: list[tuple[str, list[str], bytes]] = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
            return "250 OK"

    handler = Keep()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        opt_in(world, "lilit")
        busy(world)
        assert send_emails() == 2
    finally:
        controller.stop()
    assert sorted(to for _from, (to,), _data in handler.messages) == ["lilit@example.org"] * 2
    assert all(b"/d/river-talks/moderation/queue/" in data for *_rest, data in handler.messages)


def test_an_unreachable_smtp_server_sends_nothing_and_logs_no_address(world, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 2
    opt_in(world, "lilit")
    busy(world)
    assert send_emails() == 0
    assert "lilit@example.org" not in caplog.text and "failed" in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_emails() == 2  # tried again on the next run: nothing was logged as sent


def test_two_workers_sending_at_once_send_each_message_once(transactional_db):
    import threading

    from django.db import connection, connections

    from parley.testing.personas import build_world

    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL's row locks; SQLite runs one write at a time")
    world = build_world(slug="parallel-mail")
    opt_in(world, "gayane")
    busy(world)
    start = threading.Barrier(2)
    counts: list[int] = []

    def worker() -> None:
        try:
            start.wait(10)
            counts.append(send_emails())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sum(counts) == 3
    assert len(mail.outbox) == 3
