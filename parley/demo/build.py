"""Build the demo dialogue: two delegations, hand-written statements, simulated participants.

Everything is written through the action layer, exactly as real use would write it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from parley.dialogues import actions
from parley.dialogues.actions import SideSpec
from parley.dialogues.models import Dialogue, Membership
from parley.proposals import actions as governance

CONTENT = Path(__file__).with_name("content.json")
SEED = 2025

# How many newcomers may join each side through the invitation link the demo prints.
TRY_IT_USES = 100
# Demo log-ins, printed when the demo starts. Only for the local demo database.
COCHAIRS = [
    {"username": "aynur", "password": "parley-demo-az", "handle": "Aynur"},
    {"username": "gayane", "password": "parley-demo-am", "handle": "Gayane"},
]
SIDE_SIZES = (180, 120)

# (agree, disagree) probabilities per profile for: this side's two camps, then the other side's.
# Keys ending in _0 / _1 name the side the profile is about; the other side mirrors it.
_PROFILES: dict[str, Callable[[int, int], tuple[float, float]]] = {
    "common": lambda side, camp: (0.78, 0.08),
    "common_disagree": lambda side, camp: (0.12, 0.74),
    "low_interest": lambda side, camp: (0.22, 0.14),
    "partisan_0": lambda side, camp: (0.76, 0.10) if side == 0 else (0.14, 0.70),
    "partisan_1": lambda side, camp: (0.76, 0.10) if side == 1 else (0.14, 0.70),
    "divisive_within_0": lambda side, camp: (
        ((0.80, 0.10) if camp == 0 else (0.12, 0.78)) if side == 0 else (0.38, 0.30)
    ),
    "divisive_within_1": lambda side, camp: (
        ((0.80, 0.10) if camp == 0 else (0.12, 0.78)) if side == 1 else (0.38, 0.30)
    ),
    "divisive_within_both": lambda side, camp: (0.78, 0.12) if camp == 0 else (0.14, 0.76),
}

_FIRST = {
    0: [
        "Aysel",
        "Elvin",
        "Nigar",
        "Rashad",
        "Leyla",
        "Tural",
        "Gunay",
        "Orkhan",
        "Sabina",
        "Kamran",
        "Aytan",
        "Farid",
        "Lala",
        "Murad",
        "Narmin",
        "Ilkin",
        "Sevinj",
        "Javid",
        "Aygun",
        "Emil",
    ],
    1: [
        "Ani",
        "Narek",
        "Lilit",
        "Tigran",
        "Mariam",
        "Aram",
        "Gohar",
        "Davit",
        "Nare",
        "Hayk",
        "Anahit",
        "Levon",
        "Sona",
        "Armen",
        "Tatev",
        "Vahe",
        "Lusine",
        "Gor",
        "Shushan",
        "Arsen",
    ],
}
_SECOND = [
    "river",
    "bridge",
    "garden",
    "cedar",
    "road",
    "lake",
    "hill",
    "spring",
    "valley",
    "stone",
    "field",
    "apricot",
    "pomegranate",
    "swallow",
    "oak",
    "harbor",
    "meadow",
    "path",
    "rain",
    "peak",
]


@dataclass
class DemoSummary:
    dialogue_id: int
    slug: str
    participants: tuple[int, int]
    statements: int
    votes: int
    logins: list[dict[str, str]]
    translators: list[dict[str, str]]
    # One open invitation per side, printed so that a newcomer can join as a participant and vote.
    participant_invites: list[dict[str, str]]


def load_content() -> dict[str, Any]:
    return json.loads(CONTENT.read_text(encoding="utf-8"))


@transaction.atomic
def build_demo(progress: Callable[[str], None] = lambda message: None) -> DemoSummary:
    """Create the demo dialogue in an empty database and return what was made."""
    if Dialogue.objects.exists():
        raise RuntimeError("The database already holds dialogues; the demo needs an empty one.")
    content = load_content()
    rng = random.Random(SEED)

    progress("co-chairs and dialogue")
    users = [actions.do_create_account(c["username"], c["password"]) for c in COCHAIRS]
    d = content["dialogue"]
    dialogue, chair_a = actions.do_create_dialogue(
        users[0],
        slug=d["slug"],
        title=d["title"],
        description=d["description"],
        languages=["az", "hy", "ru", "en"],
        sides=[SideSpec(label=s["label"], name=s["name"], colour=s["colour"]) for s in content["sides"]],
        my_side=0,
        handle=COCHAIRS[0]["handle"],
        # The demo shows what the analysis can do (the opinion map, per-person open data), so its
        # made-up participants' votes are public one by one; new dialogues default to totals only.
        vote_visibility=Dialogue.VoteVisibility.INDIVIDUAL,
    )
    sides = dialogue.ordered_sides()
    _invite, token = actions.do_create_invite(chair_a, side_id=sides[1].pk, role=Membership.Role.COCHAIR)
    chair_b, _return = actions.do_join(token, handle=COCHAIRS[1]["handle"], language="hy", user=users[1])
    chairs = [chair_a, chair_b]
    made = governance.do_propose(chair_a, "status", {"status": Dialogue.Status.OPEN})
    governance.do_approve_proposal(chair_b, made.proposal.pk)
    for chair in chairs:
        chair.refresh_from_db()

    progress("translators")
    from parley.demo.translation import appoint_translators

    translators = appoint_translators(chairs)

    progress("participants")
    members: list[list[Membership]] = [[], []]
    camps: dict[int, int] = {}
    languages = {0: ["az", "az", "az", "ru", "en"], 1: ["hy", "hy", "hy", "ru", "en"]}
    for position, size in enumerate(SIDE_SIZES):
        _invite, token = actions.do_create_invite(
            chairs[position], side_id=sides[position].pk, max_uses=size, expires_in_days=30, note="demo"
        )
        names = [f"{first} {second}" for first in _FIRST[position] for second in _SECOND]
        rng.shuffle(names)
        for i in range(size):
            member, _return = actions.do_join(token, handle=names[i], language=rng.choice(languages[position]))
            members[position].append(member)
            # Two camps inside each side, so that opinion within a side has a shape too.
            camps[member.pk] = 0 if rng.random() < 0.55 else 1

    progress("statements")
    statements = []
    for item in content["statements"]:
        side = item["side"]
        author = chairs[side] if item["seed"] else rng.choice(members[side])
        original = item["text"][item["language"]]
        translations = {code: text for code, text in item["text"].items() if code != item["language"]}
        statement = actions.do_submit_statement(author, original, item["language"], translations=translations)
        statements.append((statement, item["profile"]))

    progress("votes")
    n_votes = 0
    for position in (0, 1):
        for member in members[position]:
            coverage = rng.uniform(0.45, 0.95)
            ballot: list[tuple[object, object]] = []
            for statement, profile in statements:
                if statement.author_id == member.pk or rng.random() > coverage:
                    continue
                p_agree, p_disagree = _PROFILES[profile](position, camps[member.pk])
                r = rng.random()
                ballot.append((statement.pk, 1 if r < p_agree else -1 if r < p_agree + p_disagree else 0))
            # Each participant's votes in one action: the same rows and record entries as one by one.
            n_votes += actions.do_cast_votes(member, ballot)
    # Made last, so that none of the simulated participants uses them: each newcomer who opens one
    # picks a pseudonym and finds every statement still to vote on.
    try_it = []
    for chair, side in zip(chairs, sides, strict=True):
        _invite, token = actions.do_create_invite(
            chair, side_id=side.pk, max_uses=TRY_IT_USES, expires_in_days=30, note="try the demo"
        )
        try_it.append({"side": side.label, "token": token})
    progress("a meeting in person")
    from parley.demo.meeting import hold_demo_meeting

    hold_demo_meeting(chairs, statements, try_it)
    return DemoSummary(
        dialogue_id=dialogue.pk,
        slug=dialogue.slug,
        participants=SIDE_SIZES,
        statements=len(statements),
        votes=n_votes,
        logins=[
            {"username": c["username"], "password": c["password"], "side": s.label}
            for c, s in zip(COCHAIRS, sides, strict=True)
        ],
        translators=translators,
        participant_invites=try_it,
    )


def seal_demo(dialogue_id: int, folder: Path) -> tuple[Path, str]:
    """Add the demo's governance (`parley.demo.governance`), co-sign the record as both co-chairs
    would, export its bundle and verify it.

    The co-chairs' demo keys are written to FOLDER so that a visitor can try `parley sign`; a real
    co-chair makes their key in their own browser or with `parley keys new`.
    """
    import base64

    from parley.checkpoints import actions as record_actions
    from parley.publicrecord.export import export_bundle
    from parley.record import keys
    from parley.record.verifier import verify_bundle

    folder.mkdir(parents=True, exist_ok=True)
    chairs = list(
        Membership.objects.filter(dialogue_id=dialogue_id, role=Membership.Role.COCHAIR).order_by("side__position")
    )
    private = {}
    for chair in chairs:
        key = keys.generate_private_key()
        key_file = folder / f"demo-key-{chair.side.label}.pem"
        key_file.write_bytes(keys.private_key_to_pem(key))
        key_file.chmod(0o600)
        record_actions.do_register_key(chair, keys.public_key_to_b64url(keys.public_key_raw(key)))
        private[chair.pk] = key
    from parley.demo.governance import govern_demo

    govern_demo(dialogue_id, private, random.Random(SEED))
    checkpoint = record_actions.do_make_checkpoint(dialogue_id, by=chairs[0])
    for chair in chairs:
        signature = base64.b64encode(keys.sign(private[chair.pk], bytes(checkpoint.body))).decode("ascii")
        record_actions.do_cosign_checkpoint(chair, checkpoint.pk, signature)
    bundle = folder / "demo-bundle.zip"
    export_bundle(Dialogue.objects.get(pk=dialogue_id), bundle)
    report = verify_bundle(bundle)
    if not report.ok:
        raise RuntimeError(f"the demo bundle does not verify: {report.problems}")
    return bundle, report.summary
