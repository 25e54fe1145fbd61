"""Read-only views of a dialogue as plain dicts: the same dict feeds a template and the JSON API."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q, prefetch_related_objects
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from parley.dialogues import signals, tallies
from parley.dialogues.access import open_for_votes_params, open_for_votes_sql
from parley.dialogues.figures import dialogue_figures, figures_for, figures_view
from parley.dialogues.models import (
    Dialogue,
    Membership,
    Side,
    SideTally,
    Statement,
    StatementTranslation,
    Vote,
    pick_language_code,
)
from parley.dialogues.provenance import provenance, translations_prefetch
from parley.lang import names
from parley.record.tally import ReceiptVote, receipt_json

VOTE_NAMES = {1: "agree", -1: "disagree", 0: "pass"}


def language_name(code: str, language: str | None = None) -> str:
    """CODE's name in the reader's language, as inside a sentence (CLDR: "азербайджанский" in Russian)."""
    return names.language_name(code, language or active_language())


def language_label(code: str, language: str | None = None) -> str:
    """CODE's name in the reader's language, as a label or menu entry ("Азербайджанский")."""
    return names.capitalised(language_name(code, language))


def active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def side_dict(side: Side, language: str) -> dict[str, Any]:
    return {
        "id": side.pk,
        "position": side.position,
        "label": side.label,
        "name": side.name_text(language),
        "colour": side.colour,
    }


# Who represents a side, in the order a reader looks for them.
DELEGATION_ROLES = [
    Membership.Role.COCHAIR,
    Membership.Role.DEPUTY,
    Membership.Role.ORGANIZER,
    Membership.Role.MODERATOR,
]


def delegations(dialogue: Dialogue, language: str) -> list[dict[str, Any]]:
    """Each side's co-chair, deputy, organizers and moderators, by pseudonym: public, so that each
    side's public sees who acts for it."""
    rank = {role.value: i for i, role in enumerate(DELEGATION_ROLES)}
    by_name = names.collation_key(language)
    people = sorted(Membership.objects.filter(dialogue=dialogue, role__in=list(rank)), key=lambda m: by_name(m.handle))
    return [
        {
            "side": side.name_text(language),
            "side_id": side.pk,
            "members": [
                {"handle": m.handle, "role": str(Membership.Role(m.role).label)}
                for m in sorted((m for m in people if m.side_id == side.pk), key=lambda m: rank[m.role])
            ],
        }
        for side in dialogue.ordered_sides()
    ]


def dialogue_dict(dialogue: Dialogue, language: str | None = None) -> dict[str, Any]:
    language = language or active_language()
    return {
        "slug": dialogue.slug,
        "title": dialogue.title_text(language),
        "title_lang": pick_language_code(dialogue.title, language),
        "description": dialogue.description_text(language),
        "description_lang": pick_language_code(dialogue.description, language),
        "status": Dialogue.Status(dialogue.status).value,
        "status_label": str(Dialogue.Status(dialogue.status).label),
        "vote_visibility": Dialogue.VoteVisibility(dialogue.vote_visibility).value,
        "tally_min_voters": settings.TALLY_MIN_VOTERS,
        "languages": [{"code": c, "name": language_label(c)} for c in dialogue.languages],
        "sides": [side_dict(s, language) for s in dialogue.ordered_sides()],
    }


def statement_dict(statement: Statement, language: str) -> dict[str, Any]:
    """The statement in the reader's language where a translation exists, with its label and original.

    Every page shows a statement through this dict and `dialogues/_statement.html`.
    """
    base = {
        "id": statement.pk,
        "original_language": statement.language,
        "original_language_name": language_name(statement.language),
        "side_id": statement.side_id,
        "is_seed": statement.is_seed,
        "translation": None,
        "translation_failed": False,
    }
    if statement.withdrawn_rule:
        # Both sides withdrew the text from the public record: nothing of it is left to show.
        shown = _("withdrawn: %(rule)s") % {"rule": signals.rule_label(statement.withdrawn_rule)}
        return {
            **base,
            "text": shown,
            "lang": language,
            "is_translation": False,
            "translation_source": None,
            "original": shown,
            "withdrawn": True,
        }
    found = None
    if statement.language != language:
        found = next((t for t in statement.translations.all() if t.language == language), None)
    translated = found if found is not None and found.text else None
    return {
        **base,
        "text": translated.text if translated else statement.text,
        "lang": language if translated else statement.language,
        "is_translation": translated is not None,
        "translation_source": translated.source if translated else None,
        "translation": provenance(translated, language, language_name) if translated else None,
        "translation_failed": found is not None and found.status == StatementTranslation.Status.FAILED,
        "original": statement.text,
    }


def _spread(member_id: int, statement_id: int) -> bytes:
    # A fixed per-participant order among equally covered statements, so that participants
    # do not all see the same statement next and coverage stays even.
    return hashlib.sha256(f"{member_id}:{statement_id}".encode()).digest()


# How many of the fewest-voted unseen statements the per-member spread chooses among.
QUEUE_CANDIDATES = 12


def _open_statements_sql(with_counts: bool) -> str:
    """The statements open for votes (as `open_for_votes`), each with whether the member voted on it
    and, WITH_COUNTS, its number of votes from the counters: one fixed statement, parameterised by
    (member, *open_for_votes_params), with the models' own table and column names."""
    st, vote, tally = Statement._meta, Vote._meta, SideTally._meta
    qn = connection.ops.quote_name

    def col(meta: Any, name: str) -> str:
        return qn(meta.get_field(name).column)

    s_id = col(st, "id")
    counts = (
        f"COALESCE((SELECT SUM(t.{col(tally, 'agree')} + t.{col(tally, 'disagree')} + t.{col(tally, 'passes')}) "  # noqa: S608
        f"FROM {qn(tally.db_table)} t WHERE t.{col(tally, 'statement')} = s.{s_id}), 0)"
        if with_counts
        else "0"
    )
    return (
        f"SELECT s.{s_id}, s.{col(st, 'is_seed')}, {counts}, "  # noqa: S608
        f"EXISTS(SELECT 1 FROM {qn(vote.db_table)} v WHERE v.{col(vote, 'membership')} = %s "
        f"AND v.{col(vote, 'statement')} = s.{s_id}) "
        f"FROM {qn(st.db_table)} s WHERE {open_for_votes_sql('s')}"
    )


def _statement_sql() -> str:
    table, pk = (
        connection.ops.quote_name(Statement._meta.db_table),
        connection.ops.quote_name(Statement._meta.pk.column),
    )
    return f"SELECT * FROM {table} WHERE {pk} = %s"  # noqa: S608 - names from _meta, the id a parameter


_OPEN_STATEMENTS_SQL: dict[tuple[str, bool], str] = {}


def _open_statements(member: Membership, with_counts: bool) -> list[tuple[int, bool, int, bool]]:
    """(id, is_seed, votes, voted by MEMBER) of every statement open for votes, in one round trip."""
    key = (connection.vendor, with_counts)
    if key not in _OPEN_STATEMENTS_SQL:
        _OPEN_STATEMENTS_SQL[key] = _open_statements_sql(with_counts)
    params = [member.pk, *open_for_votes_params(member.dialogue_id)]
    with connection.cursor() as cursor:
        cursor.execute(_OPEN_STATEMENTS_SQL[key], params)
        return [(int(pk), bool(seed), int(n or 0), bool(mine)) for pk, seed, n, mine in cursor.fetchall()]


def voting_queue(member: Membership, language: str | None = None) -> tuple[Statement | None, int, int]:
    """Return the next statement for MEMBER, how many they have not voted on, and the total.

    Unseen statements only; seed statements first, then the ones with fewest votes. At most three
    queries whatever the number of votes: the statements open for votes with their counters and
    whether MEMBER voted on each (one parameterised statement), then the chosen statement and, when
    it is not written in LANGUAGE (the reader's; by default the active one), its translations.
    """
    totals_only = tallies.is_totals_only(member.dialogue)
    listed = _open_statements(member, with_counts=not totals_only)
    if totals_only:
        # Live counts would let anyone with an invitation watch votes arrive: order by the published ones.
        batch = tallies.latest_batch(member.dialogue)
        published = {
            int(statement): sum(sum(values) for values in per_side.values())
            for statement, per_side in (batch.totals if batch else {}).items()
        }
        listed = [(pk, seed, published.get(pk, 0), mine) for pk, seed, _n, mine in listed]
    unseen = [(pk, seed, n) for pk, seed, n, mine in listed if not mine]
    if not unseen:
        return None, 0, len(listed)
    candidates = sorted(unseen, key=lambda row: (not row[1], row[2], row[0]))[:QUEUE_CANDIDATES]
    pk = min(candidates, key=lambda row: (not row[1], row[2], _spread(member.pk, row[0])))[0]
    best = next(iter(Statement.objects.raw(_statement_sql(), [pk])), None)
    if best is None:  # deleted since the list was read (a dialogue being deleted)
        return None, len(unseen), len(listed)
    if best.language != (language or active_language()) and not best.withdrawn_rule:
        prefetch_related_objects([best], translations_prefetch())
    return best, len(unseen), len(listed)


def per_side_counts(dialogue: Dialogue) -> dict[int, dict[int, dict[str, int]]]:
    """statement id -> side id -> {"agree", "disagree", "pass"} counts of the votes that count
    (where only totals are public: the counts the latest sealed batch published), read from the
    counters (`parley.dialogues.counters`), not from the votes."""
    counts: dict[int, dict[int, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"agree": 0, "disagree": 0, "pass": 0})
    )
    if tallies.is_totals_only(dialogue):
        batch = tallies.latest_batch(dialogue)
        side_ids = {s.label: s.pk for s in dialogue.ordered_sides()}
        for statement, per_side in (batch.totals if batch else {}).items():
            for label, values in per_side.items():
                counts[int(statement)][side_ids[label]] = dict(zip(("agree", "disagree", "pass"), values, strict=True))
        return counts
    rows = SideTally.objects.filter(statement__dialogue=dialogue).values_list(
        "statement_id", "side_id", "agree", "disagree", "passes"
    )
    for statement_id, side_id, agree, disagree, passes in rows:
        counts[statement_id][side_id] = {"agree": agree, "disagree": disagree, "pass": passes}
    return counts


def side_row(label: str, side_id: int, name: str, counts: dict[str, int]) -> dict[str, Any]:
    """One side's agree / disagree / pass counts on a statement, with totals and percentages."""
    total = counts["agree"] + counts["disagree"] + counts["pass"]
    row: dict[str, Any] = {"side": label, "side_id": side_id, "name": name, **counts, "total": total}
    for key in ("agree", "disagree", "pass"):
        row[f"{key}_pct"] = round(100 * counts[key] / total) if total else 0
    return row


def results(dialogue: Dialogue, language: str | None = None) -> dict[str, Any]:
    """Per statement, agree / disagree / pass counts for each side, side by side."""
    language = language or active_language()
    sides = dialogue.ordered_sides()
    counts = per_side_counts(dialogue)
    figures = dialogue_figures(dialogue)
    summary = dialogue_dict(dialogue, language)
    statements = []
    for statement in Statement.objects.filter(dialogue=dialogue, status=Statement.Status.VISIBLE).prefetch_related(
        translations_prefetch()
    ):
        entry = statement_dict(statement, language)
        per_side = [
            side_row(side.label, side.pk, side.name_text(language), counts[statement.pk][side.pk]) for side in sides
        ]
        entry["per_side"] = per_side
        entry["n_votes"] = sum(s["total"] for s in per_side)
        statements.append(entry)
    # Most-voted first by the side that voted least on it, so neither side's turnout sets the order.
    statements.sort(key=lambda s: (-min(p["total"] for p in s["per_side"]) if s["per_side"] else 0, s["id"]))
    n_votes = sum(s["n_votes"] for s in statements)
    batch = tallies.latest_batch(dialogue) if tallies.is_totals_only(dialogue) else None
    return {
        "dialogue": summary,
        "batched": tallies.is_totals_only(dialogue),
        "batch": {"number": batch.number, "sealed_at": batch.sealed_at} if batch else None,
        "min_voters": settings.TALLY_MIN_VOTERS,
        "figures": figures_view(figures, summary["sides"], language),
        "participants_per_side": [
            {"side": s.label, "side_id": s.pk, "name": s.name_text(language), "participants": f.participants}
            for s, f in zip(sides, figures.sides, strict=True)
        ],
        # The statements listed and their votes: the visible statements and the current votes.
        "n_statements": len(statements),
        "n_votes": n_votes,
        "statements": statements,
    }


def my_votes(member: Membership, language: str | None = None) -> list[dict[str, Any]]:
    """Every statement MEMBER voted on, newest vote first, with the vote that counts."""
    language = language or active_language()
    votes = (
        Vote.objects.filter(membership=member, statement__status=Statement.Status.VISIBLE)
        .select_related("statement")
        .prefetch_related(translations_prefetch("statement__"))
        .order_by("-updated_at", "-id")
    )
    batches = _my_batches(member)
    return [
        {
            **statement_dict(v.statement, language),
            "vote": VOTE_NAMES[v.value],
            "voted_at": v.updated_at,
            **batches.get(v.statement_id, {}),
        }
        for v in votes
    ]


def _my_batches(member: Membership) -> dict[int, dict[str, Any]]:
    """Where only totals are public: per statement, whether MEMBER's latest vote is published yet, and
    in which batch."""
    if not tallies.is_totals_only(member.dialogue):
        return {}
    latest: dict[int, dict[str, Any]] = {}
    for statement, batch, commitment in member.vote_history.order_by("cast_at", "id").values_list(
        "statement_id", "batch", "commitment"
    ):
        latest[statement] = {"batched": bool(commitment), "batch": batch}
    return latest


def my_receipt(member: Membership) -> str:
    """The receipt file of MEMBER's votes: each cast vote with its salt, commitment and batch."""
    rows = member.vote_history.exclude(commitment="").order_by("cast_at", "id")
    votes = [
        ReceiptVote(row.statement_id, row.value, bytes(row.salt), row.commitment, row.batch)
        for row in rows.only("statement_id", "value", "salt", "commitment", "batch")
    ]
    return receipt_json(member.dialogue.slug, member.pk, votes)


def my_vote_row(member: Membership, statement_id: object, language: str) -> dict[str, Any] | None:
    """One row of "My votes", or None if the member has no vote on that statement."""
    try:
        pk = int(str(statement_id))
    except ValueError:
        return None
    vote = Vote.objects.filter(membership=member, statement_id=pk).select_related("statement").first()
    if vote is None:
        return None
    return {
        **statement_dict(vote.statement, language),
        "vote": VOTE_NAMES[vote.value],
        "voted_at": vote.updated_at,
        **_my_batches(member).get(pk, {}),
    }


def public_dialogues() -> list[Dialogue]:
    return list(
        Dialogue.objects.filter(Q(status=Dialogue.Status.OPEN) | Q(status=Dialogue.Status.CLOSED))
        .prefetch_related("sides")
        .order_by("status", "-created_at")
    )


def public_dialogue_list(language: str) -> list[dict[str, Any]]:
    """Open and closed dialogues with their figures, in a few queries whatever their number.

    `participants`, `statements` and `votes` are the figures participants, visible statements and
    current votes (`parley.record.figures`); `figures` has them all, with their definitions.
    """
    dialogues = public_dialogues()
    figures = figures_for(dialogues)
    listed = []
    for d in dialogues:
        summary = dialogue_dict(d, language)
        counts = figures[d.pk]
        listed.append(
            {
                **summary,
                "participants": counts.participants,
                "statements": counts.statements_visible,
                "votes": counts.current_votes,
                "figures": figures_view(counts, summary["sides"], language),
            }
        )
    return listed
