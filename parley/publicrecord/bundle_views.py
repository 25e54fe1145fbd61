"""The open-data bundle, downloadable by anyone who can read the dialogue: the same zip `parley export` writes."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from parley.dialogues.access import ActionError, access_dialogue
from parley.dialogues.models import Dialogue
from parley.publicrecord.export import export_bundle
from parley.ratelimit.limits import check_key_rate, check_rate

# Kept in memory up to this size, then in a temporary file; the response streams it in chunks.
SPOOL_BYTES = 16 * 1024 * 1024
# Building a bundle replays the whole record: a few per visitor and per dialogue each minute.
PER_VISITOR, PER_DIALOGUE = 6, 30


@require_GET
def bundle(request: HttpRequest, slug: str) -> FileResponse:
    """Write the bundle (with a server-signed checkpoint first if entries await one, exactly as the
    command does) and stream it as an attachment."""
    dialogue, _member = access_dialogue(request, slug)
    if dialogue.status == Dialogue.Status.DRAFT:
        raise ActionError(_("A draft dialogue has no published record yet."))
    check_rate(request, "bundle", limit=PER_VISITOR)
    check_key_rate(f"bundle:{dialogue.pk}", PER_DIALOGUE)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by the response)
    size = export_bundle(dialogue, spool)
    spool.seek(0)
    response = FileResponse(spool, as_attachment=True, filename=f"{dialogue.slug}-record-{size}.zip")
    response["Content-Type"] = "application/zip"
    return response
