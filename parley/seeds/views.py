"""The page where a co-chair or organizer adds seed statements from a CSV file: upload, preview, confirm."""

from __future__ import annotations

import base64
import binascii

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from parley.dialogues import queries
from parley.dialogues.access import access_dialogue
from parley.errors import ActionError
from parley.ratelimit.limits import check_rate
from parley.seeds import csvfile
from parley.seeds.access import check_can_see_seed_upload
from parley.seeds.actions import do_add_seed_statements
from parley.seeds.forms import SeedFileForm
from parley.seeds.queries import preview_dict, read_seed_file


def _uploaded(form: SeedFileForm) -> bytes:
    # One byte past the limit is enough to tell the file is too large, without reading all of it.
    return form.cleaned_data["file"].read(csvfile.MAX_BYTES + 1)


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, member = access_dialogue(request, slug)
    member = check_can_see_seed_upload(member)
    form = SeedFileForm()
    preview = None
    problems: list[str] = []
    data = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            check_rate(request, "seeds", limit=10)
            if action == "confirm":
                raw = base64.b64decode(request.POST.get("data", ""), validate=True)
                try:
                    added = do_add_seed_statements(member, raw)
                except ActionError:
                    # Show the rows again with what is wrong with them now (a duplicate added since).
                    preview = preview_dict(read_seed_file(dialogue, raw), list(dialogue.languages))
                    raise
                messages.success(
                    request,
                    ngettext("%(n)d seed statement added.", "%(n)d seed statements added.", len(added))
                    % {"n": len(added)},
                )
                return redirect("seeds:upload", slug=slug)
            form = SeedFileForm(request.POST, request.FILES)
            if form.is_valid():
                raw = _uploaded(form)
                found = read_seed_file(dialogue, raw)
                preview = preview_dict(found, list(dialogue.languages))
                data = base64.b64encode(raw).decode("ascii") if found.ok else ""
            status = 200 if preview is not None and preview["ok"] else 400
        except binascii.Error:
            problems.append(_("The file to confirm was lost on the way: upload it again."))
            status = 400
        except ActionError as error:
            problems.append(error.message)
            status = 400
    context = {
        "dialogue": queries.dialogue_dict(dialogue),
        "member": member,
        "form": form,
        "preview": preview,
        "problems": problems,
        "data": data,
        "is_open": dialogue.status == dialogue.Status.OPEN,
        "max_rows": csvfile.MAX_ROWS,
        "max_kib": csvfile.MAX_BYTES // 1024,
        "columns": ["language", "text", *[f"text_{code}" for code in dialogue.languages]],
    }
    return render(request, "seeds/upload.html", context, status=status)


@require_GET
def template_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """An empty file with the header for this dialogue's languages, as spreadsheets open UTF-8 CSV."""
    dialogue, member = access_dialogue(request, slug)
    check_can_see_seed_upload(member)
    header = ",".join(["language", "text", *[f"text_{code}" for code in dialogue.languages]])
    response = HttpResponse(("\ufeff" + header + "\r\n").encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dialogue.slug}-seed-statements.csv"'
    return response
