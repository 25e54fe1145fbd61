"""Analyse and verify a generated dialogue in a process of its own, for one BLAS kernel.

The cross-kernel test runs this module as `python -m parley.record.tests.blas_kernels` with
OPENBLAS_CORETYPE set, since OpenBLAS chooses its kernels once, when it loads:

    analyse RECORD.jsonl OUT.json   write the analysis of the record as the web app publishes it,
                                    and beside it OUT.json.environment, the libraries it ran on
    verify BUNDLE.zip               verify a bundle; print the report, exit 1 if it fails
"""

from __future__ import annotations

import json
import sys

from parley.engine import analyze
from parley.engine.synthetic import two_sided
from parley.record.replay import engine_input, replay
from parley.record.tests.bundles import bundle_bytes
from parley.record.tests.records import Record
from parley.record.verifier import verify_bundle

# As the issue measured it: 800 participants, 90 statements and 30,000 votes per dialogue.
PARTICIPANTS, STATEMENTS, VOTES = 800, 90, 30_000


def generated_record(seed: int) -> Record:
    """A dialogue between sides AZ and AM whose votes are `two_sided`'s for SEED, in random order."""
    conversation = two_sided(PARTICIPANTS, STATEMENTS, VOTES, seed=seed)
    record = Record()
    record.add(
        "dialogue.created",
        {
            "title": {"en": f"Generated dialogue {seed}"},
            "description": {"en": "Votes from parley.engine.synthetic.two_sided."},
            "languages": ["en"],
            "sides": [
                {"position": 0, "label": "AZ", "name": {"en": "Side A"}, "colour": "#1f77b4"},
                {"position": 1, "label": "AM", "name": {"en": "Side B"}, "colour": "#ff7f0e"},
            ],
            "status": "open",
            "vote_visibility": "individual",
        },
    )
    for participant, side in sorted(conversation.sides.items(), key=lambda item: int(item[0])):
        member = int(participant) + 1
        payload = {"member": member, "handle": f"p{member}", "side": "AZ" if side == "A" else "AM"}
        record.add("membership.joined", {**payload, "role": "participant"})
    for statement in range(1, STATEMENTS + 1):
        payload = {"statement": statement, "text": f"Statement {statement}", "language": "en", "side": "AZ"}
        record.add("statement.submitted", {**payload, "seed": True, "translations": {}})
    votes = conversation.votes
    assert votes.timestamp is not None, "two_sided gives every vote a time"
    for i in votes.timestamp.argsort(kind="stable").tolist():
        payload = {"member": int(votes.participant[i]) + 1, "statement": int(votes.statement[i]) + 1}
        record.add("vote.cast", {**payload, "value": int(votes.value[i])})
    return record


def published_bundle(record: Record, analysis: str, environment: dict | None = None) -> bytes:
    """The bundle of RECORD with ANALYSIS published and checkpointed (RECORD itself stays as it is)."""
    copy = Record(entries=list(record.entries), clock=record.clock)
    copy.publish_analysis(analysis, recomputable=True, environment=environment)
    copy.checkpoint(log=False)
    return bundle_bytes(copy)


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "analyse":
        with open(argv[1], "rb") as lines:
            entries = [json.loads(line) for line in lines]
        result = analyze(**engine_input(replay(entries)))
        with open(argv[2], "w", encoding="utf-8") as out:
            out.write(result.to_json(timings=False))
        with open(f"{argv[2]}.environment", "w", encoding="utf-8") as out:
            json.dump(result.meta["environment"], out)
        return 0
    if len(argv) == 2 and argv[0] == "verify":
        report = verify_bundle(argv[1])
        print(report.summary)
        return 0 if report.ok else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
