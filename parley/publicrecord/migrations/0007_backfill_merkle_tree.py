"""Store the Merkle tree of every record appended before the tree was stored (0004)."""

from django.db import migrations

from parley.record.merkle import extend_peaks


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    RecordEntry = apps.get_model("publicrecord", "RecordEntry")
    TreeNode = apps.get_model("publicrecord", "TreeNode")
    dialogues = RecordEntry.objects.values_list("dialogue_id", flat=True).distinct().order_by("dialogue_id")
    for dialogue_id in list(dialogues):
        TreeNode.objects.filter(dialogue_id=dialogue_id).delete()
        stack: list[tuple[int, int, bytes]] = []
        size, nodes = 0, []
        rows = RecordEntry.objects.filter(dialogue_id=dialogue_id).order_by("seq").values_list("seq", "leaf_hash")
        for seq, leaf in rows.iterator(chunk_size=5000):
            if seq != size:
                raise RuntimeError(f"the record of dialogue {dialogue_id} has a gap before entry {seq}")
            for level, position, value in extend_peaks(stack, size, [bytes(leaf)]):
                nodes.append(TreeNode(dialogue_id=dialogue_id, level=level, position=position, hash=value))
            size += 1
            if len(nodes) >= 5000:
                TreeNode.objects.bulk_create(nodes)
                nodes = []
        TreeNode.objects.bulk_create(nodes)


class Migration(migrations.Migration):
    dependencies = [("publicrecord", "0006_stored_merkle_tree")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
