"""Recompute every pseudonym's comparison key as its confusable skeleton (UTS #39, with Azerbaijani
i folding), so look-alikes of existing pseudonyms are refused from now on. Two members whose old
pseudonyms already look alike both keep theirs: the later one's key gets its id appended."""

from django.db import migrations


def recompute(apps, schema_editor):
    from parley.lang import confusable_key

    Membership = apps.get_model("dialogues", "Membership")
    taken, final = set(), {}
    for member in Membership.objects.order_by("dialogue_id", "joined_at", "id").iterator():
        key = confusable_key(member.handle)
        if (member.dialogue_id, key) in taken:
            key = f"{key[:140]}#{member.pk}"
        taken.add((member.dialogue_id, key))
        if key != member.handle_key:
            final[member.pk] = key
    # Through temporary keys first, so that no new key meets an old one under the unique constraint.
    for pk in final:
        Membership.objects.filter(pk=pk).update(handle_key=f"#old#{pk}")
    for pk, key in final.items():
        Membership.objects.filter(pk=pk).update(handle_key=key)


class Migration(migrations.Migration):
    dependencies = [("dialogues", "0008_totals_only_vote_batches")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
