"""Strip what describes one participant from the stored results of totals-only dialogues.

Runs stored before analyses of totals-only dialogues were kept as aggregates (or before a dialogue
became totals-only) may hold `participants` (ids, map positions, bridging factors) and groups
smaller than K. `result` is what pages and the API serve: it keeps only what describes many
people at once. `published_json` is left as it is: the record holds its SHA-256.
"""

import json

from django.conf import settings
from django.db import migrations


def aggregate_only(result, min_group):
    """A frozen copy of `parley.analysis.privacy.aggregate_only` (app code may change after this
    migration): RESULT without anything per participant, and without groups of fewer than MIN_GROUP."""
    meta = json.loads(json.dumps(result["meta"]))
    groups = [g for g in result["groups"] if g["size"] >= min_group]
    meta["opinion_map"]["groups"] = len(groups)
    for within in meta.get("within_sides", {}).values():
        within["groups"] = [g for g in within["groups"] if g["size"] >= min_group]
    meta["privacy"] = {"totals_only": True, "min_group_size": min_group}
    return {
        "meta": meta,
        "statements": result["statements"],
        "groups": groups,
        "consensus": result["consensus"],
    }


def strip_participants(apps, schema_editor):
    AnalysisRun = apps.get_model("analysis", "AnalysisRun")
    min_group = max(1, int(getattr(settings, "TALLY_MIN_VOTERS", 10)))
    runs = AnalysisRun.objects.filter(dialogue__vote_visibility="aggregate", result__isnull=False)
    for run in runs.only("pk", "result").iterator():
        result = run.result
        try:
            if "participants" not in result and result["meta"]["privacy"]["totals_only"]:
                continue  # already stored as aggregates
        except (KeyError, TypeError):
            pass
        try:
            stripped = aggregate_only(result, min_group)
        except (KeyError, TypeError, AttributeError):
            # Not the engine's shape: keep nothing rather than something per participant.
            stripped = None
        AnalysisRun.objects.filter(pk=run.pk).update(result=stripped)


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0002_published_analysis_text"),
        ("dialogues", "0008_totals_only_vote_batches"),
    ]

    operations = [migrations.RunPython(strip_participants, migrations.RunPython.noop)]
