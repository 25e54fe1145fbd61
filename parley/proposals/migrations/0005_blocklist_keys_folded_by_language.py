"""Recompute every blocklist term's key with its language's case folding (Azerbaijani "SATQIN" is
"satqın"). Terms that now fold to one key were the same word: the earliest is kept."""

import re

from django.db import migrations


def term_key(term, language):
    from parley.lang import fold_case

    return " ".join(re.findall(r"\w+", fold_case(term, language)))


def recompute(apps, schema_editor):
    BlocklistTerm = apps.get_model("governance", "BlocklistTerm")
    seen, final, duplicates = set(), {}, []
    for term in BlocklistTerm.objects.order_by("dialogue_id", "language", "added_at", "id").iterator():
        key = term_key(term.term, term.language)
        if (term.dialogue_id, term.language, key) in seen:
            duplicates.append(term.pk)
            continue
        seen.add((term.dialogue_id, term.language, key))
        if key != term.key:
            final[term.pk] = key
    BlocklistTerm.objects.filter(pk__in=duplicates).delete()
    for pk in final:
        BlocklistTerm.objects.filter(pk=pk).update(key=f"#old#{pk}")
    for pk, key in final.items():
        BlocklistTerm.objects.filter(pk=pk).update(key=key)


class Migration(migrations.Migration):
    dependencies = [("governance", "0004_flag_dismissed_by_side_hold_return_decisions")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
