"""Every write to a dialogue: validate, check permission, write the rows, in one transaction.

Views, the CLI and the demo call these functions; nothing else writes these models.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.analysis.scheduling import schedule_after_commit
from parley.dialogues import access, counters, signals, tallies
from parley.dialogues.access import ActionError
from parley.dialogues.models import (
    LANGUAGE_CODES,
    Dialogue,
    Invite,
    Membership,
    Side,
    Statement,
    StatementTranslation,
    Vote,
    VoteHistory,
)
from parley.dialogues.upsert import upsert_vote
from parley.dialogues.validation import (
    clean_handle,
    clean_language,
    clean_statement_text,
    handle_key,
    hash_token,
    new_token,
    pseudonym_taken,
    texts_per_language,
    unique_slug,
)
from parley.lang import normalise_text
from parley.publicrecord import log
from parley.record.entries import (
    DIALOGUE_CREATED,
    INVITE_CREATED,
    INVITE_REVOKED,
    MEMBERSHIP_JOINED,
    STATEMENT_SUBMITTED,
    TRANSLATION_PROPOSED,
    VOTE_CAST,
)
from parley.record.replay import cochair_role_for

MAX_INVITE_USES = 10_000
MAX_INVITE_DAYS = 365
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


# --- dialogues -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SideSpec:
    label: str
    name: dict[str, str]
    colour: str


@transaction.atomic
def do_create_dialogue(
    user: Any,
    *,
    title: dict[str, str],
    description: dict[str, str],
    languages: Sequence[str],
    sides: Sequence[SideSpec],
    my_side: int,
    handle: str,
    slug: str = "",
    status: str = Dialogue.Status.DRAFT,
    vote_visibility: str = Dialogue.VoteVisibility.AGGREGATE,
) -> tuple[Dialogue, Membership]:
    """Create a dialogue with two sides; its creator becomes the co-chair of MY_SIDE.

    Only vote totals are public unless VOTE_VISIBILITY says individual votes are.
    """
    if user is None or not user.is_authenticated:
        raise ActionError(_("Log in to create a dialogue."))
    # The creator becomes a co-chair: the site administrator only makes empty shells (do_create_shell).
    access.check_not_site_administrator(user)
    if my_side not in (0, 1):
        raise ActionError(_("Choose your side."), field="my_side")
    handle = clean_handle(handle)
    if vote_visibility not in Dialogue.VoteVisibility.values:
        raise ActionError(_("Choose what is public about votes."), field="vote_visibility")
    dialogue, created, entry = _new_dialogue(title, description, languages, sides, slug, status, vote_visibility)
    member = Membership.objects.create(
        dialogue=dialogue,
        side=created[my_side],
        handle=handle,
        handle_key=handle_key(handle),
        role=Membership.Role.COCHAIR,
        user=user,
        language=dialogue.languages[0],
    )
    log.append(dialogue.pk, DIALOGUE_CREATED, entry, actor=member)
    _record_joined(member)
    return dialogue, member


@transaction.atomic
def do_create_shell(
    user: Any,
    *,
    title: dict[str, str],
    description: dict[str, str],
    languages: Sequence[str],
    sides: Sequence[SideSpec],
    slug: str = "",
) -> tuple[Dialogue, list[str]]:
    """The site administrator's one power: an empty draft dialogue and an invitation for each
    side's first co-chair. Return the dialogue and the two invitation tokens (side order)."""
    if user is None or not user.is_authenticated or not user.is_superuser:
        raise PermissionDenied(_("Only the site administrator creates an empty dialogue for two co-chairs."))
    dialogue, created, entry = _new_dialogue(title, description, languages, sides, slug, Dialogue.Status.DRAFT)
    log.append(dialogue.pk, DIALOGUE_CREATED, {**entry, "shell": True})
    return dialogue, [_first_cochair_invite(dialogue, side) for side in created]


def _first_cochair_invite(dialogue: Dialogue, side: Side) -> str:
    """Invite SIDE's first co-chair for the site administrator (no actor); return the link's token."""
    token, token_hash = new_token()
    invite = Invite.objects.create(
        dialogue=dialogue,
        side=side,
        role=Membership.Role.COCHAIR,
        token_hash=token_hash,
        note=_("First co-chair"),
        created_by=None,
        expires_at=timezone.now() + timedelta(days=30),
        max_uses=1,
    )
    log.append(dialogue.pk, INVITE_CREATED, _invite_entry(invite, token_hash))
    return token


@transaction.atomic
def do_reissue_first_cochair_invite(user: Any, dialogue_id: int, side_id: object) -> str:
    """A new link for a side's first co-chair, made by the site administrator while that side has
    none (the earlier link lost or expired): the earlier links stop working. Return the new token."""
    dialogue = Dialogue.objects.select_for_update().filter(pk=dialogue_id).first()
    if dialogue is None:
        raise ActionError(_("There is no dialogue at this address."))
    side = access.check_can_reissue_first_cochair(user, dialogue, side_id)
    for earlier in Invite.objects.filter(
        dialogue=dialogue, side=side, role=Membership.Role.COCHAIR, created_by__isnull=True, revoked_at__isnull=True
    ):
        earlier.revoked_at = timezone.now()
        earlier.save(update_fields=["revoked_at"])
        log.append(dialogue.pk, INVITE_REVOKED, {"invite": earlier.pk, "reissued": True})
    return _first_cochair_invite(dialogue, side)


def _new_dialogue(
    title: dict[str, str],
    description: dict[str, str],
    languages: Sequence[str],
    sides: Sequence[SideSpec],
    slug: str,
    status: str,
    vote_visibility: str = Dialogue.VoteVisibility.AGGREGATE,
) -> tuple[Dialogue, list[Side], dict[str, Any]]:
    """Validate and create the dialogue and its two sides; return them with the record payload."""
    clean_title = texts_per_language(title, "title", 200, required=True)
    clean_description = texts_per_language(description, "description", 2000, required=False)
    clean_languages = [code for code in LANGUAGE_CODES if code in set(languages)]
    if not clean_languages:
        raise ActionError(_("Choose at least one language."), field="languages")
    if len(sides) != 2:
        raise ActionError(_("A dialogue has exactly two sides."), field="sides")
    labels = []
    for spec in sides:
        label = normalise_text(spec.label)
        if not 1 <= len(label) <= 12:
            raise ActionError(_("A side's short label has 1 to 12 characters."), field="sides")
        if not _COLOUR.match(spec.colour):
            raise ActionError(_("A colour looks like #1f77b4."), field="sides")
        labels.append(label)
    if labels[0].casefold() == labels[1].casefold():
        raise ActionError(_("The two sides need different labels."), field="sides")
    if cochair_role_for(labels[0], 0) == cochair_role_for(labels[1], 1):
        # Each side's co-chair signs under a role made of the label's letters and digits: they must differ.
        raise ActionError(_("The two sides' labels must differ in their letters or digits."), field="sides")
    dialogue = Dialogue.objects.create(
        slug=unique_slug(slug or clean_title.get("en") or next(iter(clean_title.values())), "dialogue"),
        title=clean_title,
        description=clean_description,
        languages=clean_languages,
        status=status,
        vote_visibility=vote_visibility,
    )
    created = []
    for position, (spec, label) in enumerate(zip(sides, labels, strict=True)):
        name = texts_per_language(spec.name, "sides", 100, required=False)
        created.append(
            Side.objects.create(dialogue=dialogue, position=position, label=label, name=name, colour=spec.colour)
        )
    entry = {
        "title": clean_title,
        "description": clean_description,
        "languages": clean_languages,
        "sides": [{"position": s.position, "label": s.label, "name": s.name, "colour": s.colour} for s in created],
        "status": dialogue.status,
        "vote_visibility": dialogue.vote_visibility,
    }
    return dialogue, created, entry


def _record_joined(member: Membership) -> None:
    if member.role == Membership.Role.PARTICIPANT and tallies.is_totals_only(member.dialogue):
        # Where only totals are public a participant's join is no entry of its own: its time would
        # anchor what they do next (a statement, and the agree it implies). The next batch counts it.
        member.join_waiting = True
        member.save(update_fields=["join_waiting"])
        return
    payload: dict[str, Any] = {"side": member.side.label, "role": member.role}
    payload.update(member=member.pk, handle=log.Private(member.handle))
    log.append(member.dialogue_id, MEMBERSHIP_JOINED, payload, actor=member)


# --- invitations and joining -----------------------------------------------------------------


@transaction.atomic
def do_create_invite(
    member: Membership,
    *,
    side_id: object,
    role: str = Membership.Role.PARTICIPANT,
    max_uses: object = 1,
    expires_in_days: object = 14,
    note: str = "",
    awaiting_approval: bool = False,
) -> tuple[Invite, str]:
    """Create an invitation link; return it with its secret token, which is not stored.

    AWAITING_APPROVAL: an invitation proposed to the other side, usable once they approve it.
    """
    try:
        side = Side.objects.get(pk=int(str(side_id)), dialogue_id=member.dialogue_id)
    except (ValueError, Side.DoesNotExist):
        raise ActionError(_("That side is not part of this dialogue."), field="side") from None
    if role not in Membership.Role.values:
        raise ActionError(_("Choose a role."), field="role")
    access.check_can_invite(member, side, role, approved_later=awaiting_approval)
    try:
        uses, days = int(str(max_uses)), int(str(expires_in_days))
    except ValueError:
        raise ActionError(_("Uses and days must be whole numbers.")) from None
    if not 1 <= uses <= MAX_INVITE_USES:
        raise ActionError(_("An invitation can be used 1 to %(max)d times.") % {"max": MAX_INVITE_USES}, "max_uses")
    if not 1 <= days <= MAX_INVITE_DAYS:
        raise ActionError(_("An invitation lasts 1 to %(max)d days.") % {"max": MAX_INVITE_DAYS}, "expires_in_days")
    if role == Membership.Role.COCHAIR:
        uses = 1
    token, token_hash = new_token()
    invite = Invite.objects.create(
        dialogue_id=member.dialogue_id,
        side=side,
        role=role,
        token_hash=token_hash,
        note=normalise_text(note)[:100],
        created_by=member,
        expires_at=timezone.now() + timedelta(days=days),
        max_uses=uses,
        awaiting_approval=awaiting_approval,
    )
    log.append(invite.dialogue_id, INVITE_CREATED, _invite_entry(invite, token_hash), actor=member)
    return invite, token


def _invite_entry(invite: Invite, token_hash: str) -> dict[str, Any]:
    return {
        "invite": invite.pk,
        "side": invite.side.label,
        "role": invite.role,
        "max_uses": invite.max_uses,
        "expires_at": log.record_time(invite.expires_at),
        # The link itself stays private; this lets its holder show it was this invitation.
        "token_commitment": log.commitment("invite", token_hash),
        "awaiting_approval": invite.awaiting_approval,
    }


@transaction.atomic
def do_revoke_invite(member: Membership, invite_id: object) -> Invite:
    try:
        pk = int(str(invite_id))
    except ValueError:
        raise ActionError(_("There is no such invitation.")) from None
    invite = access.access_invite(member, pk)
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])
        log.append(invite.dialogue_id, INVITE_REVOKED, {"invite": invite.pk}, actor=member)
    return invite


def find_invite(token: str) -> Invite:
    """Return the usable invitation for TOKEN, or raise an error that says why it is not usable."""
    invite = Invite.objects.filter(token_hash=hash_token(token)).select_related("dialogue", "side").first()
    if invite is None:
        raise ActionError(_("This invitation link is not valid. Check that you copied all of it."))
    if invite.revoked_at is not None:
        raise ActionError(_("This invitation has been withdrawn. Ask for a new one."))
    if invite.awaiting_approval:
        raise ActionError(_("This invitation works once the other side's co-chair approves it. Try again later."))
    if invite.is_expired:
        raise ActionError(_("This invitation has expired. Ask for a new one."))
    if invite.is_used_up:
        raise ActionError(_("This invitation has already been used as many times as allowed. Ask for a new one."))
    if invite.dialogue.status == Dialogue.Status.CLOSED:
        raise ActionError(_("This dialogue is closed and takes no new members."))
    return invite


def needs_account(invite: Invite) -> bool:
    """Organizers, moderators and co-chairs act under an account; participants do not."""
    return invite.role in (
        Membership.Role.ORGANIZER,
        Membership.Role.MODERATOR,
        Membership.Role.COCHAIR,
        Membership.Role.DEPUTY,
    )


@transaction.atomic
def do_join(token: str, *, handle: object, language: object, user: Any = None) -> tuple[Membership, str]:
    """Use an invitation: create the membership; return it with a personal return-link token."""
    invite = find_invite(token)
    invite = Invite.objects.select_for_update().get(pk=invite.pk)
    # Re-check under the row lock, so two people cannot take the last use at once.
    if not invite.is_usable:
        raise ActionError(_("This invitation has already been used as many times as allowed. Ask for a new one."))
    handle = clean_handle(handle)
    language = clean_language(language)
    access.check_not_site_administrator(user)
    if needs_account(invite):
        if user is None or not user.is_authenticated:
            raise ActionError(_("This invitation is for a role that needs an account. Log in or create one."))
        if Membership.objects.filter(dialogue_id=invite.dialogue_id, user=user).exists():
            raise ActionError(_("Your account is already a member of this dialogue."))
        if (
            invite.role == Membership.Role.COCHAIR
            and invite.side.memberships.filter(role=Membership.Role.COCHAIR).exists()
        ):
            raise ActionError(_("This side already has a co-chair."))
        if invite.role == Membership.Role.DEPUTY and invite.side.memberships.filter(role=invite.role).exists():
            raise ActionError(_("This side already has a deputy co-chair."))
    else:
        # Participants are pseudonymous: never tie their membership to an account.
        user = None
    if pseudonym_taken(invite.dialogue_id, handle):
        raise ActionError(
            _("Someone in this dialogue already uses this pseudonym, or one that looks like it. Choose another."),
            "handle",
        )
    token, token_hash = new_token()
    try:
        # A savepoint: a clash (pseudonym taken, or the side's co-chair seat taken a moment ago by
        # someone using another invitation) leaves the outer transaction usable for a clear error.
        with transaction.atomic():
            member = Membership.objects.create(
                dialogue_id=invite.dialogue_id,
                side=invite.side,
                handle=handle,
                handle_key=handle_key(handle),
                role=invite.role,
                user=user,
                language=language,
                return_token_hash=token_hash,
                invite=invite,
            )
    except IntegrityError:
        if invite.role == Membership.Role.COCHAIR:
            raise ActionError(_("This side already has a co-chair.")) from None
        if invite.role == Membership.Role.DEPUTY:
            raise ActionError(_("This side already has a deputy co-chair.")) from None
        raise ActionError(
            _("Someone in this dialogue already uses this pseudonym. Choose another."), "handle"
        ) from None
    invite.uses += 1
    invite.save(update_fields=["uses"])
    _record_joined(member)
    return member, token


@transaction.atomic
def do_new_return_link(member: Membership) -> str:
    """Issue a new personal return-link token; the previous one stops working."""
    token, token_hash = new_token()
    Membership.objects.filter(pk=member.pk).update(return_token_hash=token_hash)
    return token


def find_member_by_return_token(dialogue: Dialogue, token: str) -> Membership:
    member = Membership.objects.filter(
        dialogue=dialogue, return_token_hash=hash_token(token), user__isnull=True
    ).first()
    if member is None or not token:
        raise ActionError(_("This return link is not valid, or a newer one replaced it."))
    return member


@transaction.atomic
def do_set_passphrase(member: Membership, passphrase: object) -> None:
    if member.user_id is not None:
        raise ActionError(_("You log in with your account's password instead."))
    if not isinstance(passphrase, str) or len(passphrase) < 8:
        raise ActionError(_("A passphrase has at least 8 characters."), field="passphrase")
    if len(passphrase) > 200:
        raise ActionError(_("A passphrase has at most 200 characters."), field="passphrase")
    Membership.objects.filter(pk=member.pk).update(passphrase_hash=make_password(passphrase))


def check_passphrase(dialogue: Dialogue, handle: object, passphrase: object) -> Membership:
    """Return the participant with HANDLE if PASSPHRASE is theirs; one message for every failure."""
    failure = ActionError(_("That pseudonym and passphrase do not match."))
    if not isinstance(handle, str) or not isinstance(passphrase, str):
        raise failure
    member = access.participant_by_handle(dialogue, normalise_text(handle))
    if member is None or not member.passphrase_hash:
        make_password(passphrase)  # spend the same time as a real check
        raise failure
    if not check_password(passphrase, member.passphrase_hash):
        raise failure
    return member


# --- statements and votes --------------------------------------------------------------------


@transaction.atomic
def do_submit_statement(
    member: Membership, text: object, language: object, translations: dict[str, str] | None = None
) -> Statement:
    """Add a statement by MEMBER; the author's own vote on it is 'agree', as in Pol.is.

    A statement holding a term of its language's blocklist is put on hold at once.
    """
    member = access.check_can_take_part(member)
    text = clean_statement_text(text)
    language = clean_language(language, member.dialogue.languages)
    if Statement.objects.filter(dialogue_id=member.dialogue_id, text=text).exists():
        raise ActionError(_("This statement is already in the dialogue."), field="text")
    statement = Statement.objects.create(
        dialogue_id=member.dialogue_id,
        author=member,
        side_id=member.side_id,
        text=text,
        language=language,
        is_seed=member.role in (Membership.Role.COCHAIR, Membership.Role.ORGANIZER),
    )
    clean_translations = {
        code: clean_statement_text(translated)
        for code, translated in (translations or {}).items()
        if code != language and code in member.dialogue.languages
    }
    log.append(
        statement.dialogue_id,
        STATEMENT_SUBMITTED,
        {
            "statement": statement.pk,
            "text": log.Private(text),
            "language": language,
            "side": member.side.label,
            "seed": statement.is_seed,
            # Author's translations are entries of their own now (below); records made before
            # carry them here, and still replay.
            "translations": {},
        },
        actor=member,
    )
    for code, translated in clean_translations.items():
        _record_author_translation(member, statement, code, translated)
    _write_vote(member, statement, Vote.Value.AGREE)
    transaction.on_commit(lambda: signals.statement_submitted.send(sender=Statement, statement_id=statement.pk))
    # Imported here: governance builds on dialogues, not the other way round.
    from parley.governance.moderation import hold_if_blocked

    hold_if_blocked(statement)
    return statement


def _record_author_translation(member: Membership, statement: Statement, language: str, text: str) -> None:
    """The author's own translation, typed when writing: labelled as theirs, open to the other side's review."""
    entry = log.append(
        statement.dialogue_id,
        TRANSLATION_PROPOSED,
        {"statement": statement.pk, "language": language, "text": log.Private(text), "provenance": "author"},
        actor=member,
    )
    StatementTranslation.objects.create(
        statement=statement,
        language=language,
        text=text,
        source=StatementTranslation.Source.AUTHOR,
        status=StatementTranslation.Status.PROPOSED,
        translator=member,
        seq=entry.seq,
    )


def parse_vote_value(value: object) -> int:
    names = {"agree": 1, "disagree": -1, "pass": 0, "1": 1, "-1": -1, "0": 0}
    if isinstance(value, bool):
        value = None
    if isinstance(value, int) and value in (-1, 0, 1):
        return value
    if isinstance(value, str) and value.strip().lower() in names:
        return names[value.strip().lower()]
    raise ActionError(_("A vote is agree, disagree or pass."), field="value")


def do_cast_vote(member: Membership, statement_id: object, value: object) -> Vote:
    """Record MEMBER's vote; a later vote on the same statement replaces the earlier one.

    It returns once the vote's entry is in the record. On PostgreSQL (outside any caller's
    transaction) the vote commits with a pending entry, then `log.sequence_pending` moves it, with
    the other votes waiting, into the record in one transaction (group commit)."""
    deferred = log.group_commit_enabled()
    with transaction.atomic():
        member = access.check_can_take_part(member)
        vote_value = parse_vote_value(value)
        statement = access.access_statement(member, statement_id)
        if statement.status == Statement.Status.ON_HOLD:
            # Its hold lapsed and the queue offered it: return it first, as settling would have.
            from parley.governance.actions import do_settle

            do_settle(member.dialogue_id)
            statement.refresh_from_db()
        vote, pending = _write_vote(member, statement, vote_value, deferred=deferred)
    if pending is not None:
        log.sequence_pending(member.dialogue_id, pending)
    return vote


def _write_vote(
    member: Membership, statement: Statement, value: int, *, deferred: bool = False
) -> tuple[Vote, int | None]:
    """Write the vote (one upsert that tells the previous value), its history and its record entry.

    DEFERRED: the entry is written pending; return its id with the vote, for the caller to sequence after COMMIT."""
    now = timezone.now()
    vote, previous = upsert_vote(member, statement, value, now)
    totals_only = tallies.is_totals_only(member.dialogue)
    counters.count_vote(statement, member.side_id, previous, value, published=not totals_only)
    if totals_only:
        # Only totals are public: no entry now; the vote waits, under its commitment, for a batch.
        salt, commitment = tallies.new_commitment(member, statement, value)
        VoteHistory.objects.create(
            membership=member, statement=statement, value=value, cast_at=now, salt=salt, commitment=commitment
        )
        tallies.seal_after_commit(member.dialogue_id)
        return vote, None
    schedule_after_commit(member.dialogue_id)
    VoteHistory.objects.create(membership=member, statement=statement, value=value, cast_at=now)
    payload = {"member": member.pk, "statement": statement.pk, "value": value}
    if deferred:
        return vote, log.append_pending(member.dialogue_id, VOTE_CAST, payload, actor=member).pk
    log.append(member.dialogue_id, VOTE_CAST, payload, actor=member)
    return vote, None


def default_language_for(member: Membership, preferred: str) -> str:
    """The language a new statement is most likely written in: the interface's, else the member's."""
    langs = member.dialogue.languages or [settings.LANGUAGE_CODE]
    for code in (preferred, member.language):
        if code in langs:
            return code
    return langs[0]


# --- accounts --------------------------------------------------------------------------------


@transaction.atomic
def do_create_account(username: object, password: object, *, superuser: bool = False) -> Any:
    """Create a login for an organizer, moderator or co-chair (or, SUPERUSER, the site administrator);
    passwords are checked and argon2-hashed."""
    from django.contrib.auth import get_user_model, password_validation
    from django.core.exceptions import ValidationError

    user_model = get_user_model()
    if not isinstance(username, str) or not isinstance(password, str):
        raise ActionError(_("Choose a username and a password."), field="username")
    username = normalise_text(username)
    if not 3 <= len(username) <= 60 or not re.match(r"^[\w.@+-]+$", username):
        raise ActionError(
            _("A username has 3 to 60 letters, digits and the characters . @ + - _ (no spaces)."), field="username"
        )
    if user_model.objects.filter(username__iexact=username).exists():
        raise ActionError(_("This username is taken. Choose another."), field="username")
    candidate = user_model(username=username)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        raise ActionError(" ".join(error.messages), field="password") from None
    candidate.set_password(password)
    candidate.is_superuser = candidate.is_staff = superuser
    candidate.save()
    return candidate


@transaction.atomic
def do_cast_votes(member: Membership, votes: list[tuple[object, object]]) -> int:
    """Record MEMBER's VOTES, (statement id, value) pairs, as `do_cast_vote` would one by one (an entry
    each), checking the member and the statements once: for a batch cast by one hand, as the demo's
    simulated participants do. All or nothing; returns how many."""
    member = access.check_can_take_part(member)
    values = [(statement_id, parse_vote_value(value)) for statement_id, value in votes]
    wanted = {str(statement_id) for statement_id, _value in values}
    open_statements = {
        str(statement.pk): statement
        for statement in Statement.objects.filter(
            pk__in=[int(pk) for pk in wanted if pk.isdigit()],
            dialogue_id=member.dialogue_id,
            status=Statement.Status.VISIBLE,
        )
    }
    for statement_id, value in values:
        statement = open_statements.get(str(statement_id))
        if statement is None:
            raise ActionError(_("That statement does not exist or is not open for votes."), field="statement")
        _write_vote(member, statement, value)
    return len(values)
