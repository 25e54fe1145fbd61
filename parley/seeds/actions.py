"""Seed statements added from a CSV file: every row, with its translations, or none."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parley.dialogues.actions import do_submit_statements
from parley.dialogues.models import Membership, Statement
from parley.errors import ActionError
from parley.seeds.access import check_can_add_seeds
from parley.seeds.queries import read_seed_file

# How many problems an error message lists before "and N more".
SHOWN_ERRORS = 5


@transaction.atomic
def do_add_seed_statements(member: Membership | None, data: bytes) -> list[Statement]:
    """Add every statement of the CSV file DATA as a seed statement of MEMBER's side, each with the
    translations the file gives (recorded as the member's own, open to the other side's review),
    with the record entries of one statement written on the page (`do_submit_statements`, which
    appends them under one lock of the record). One transaction: a problem in any row, found now or
    while writing, adds nothing."""
    member = check_can_add_seeds(member)
    found = read_seed_file(member.dialogue, data)
    if not found.ok:
        problems = found.all_errors() or [_("The file has no statements.")]
        shown = problems[:SHOWN_ERRORS]
        more = len(problems) - len(shown)
        if more:
            shown.append(ngettext("and %(n)d more problem.", "and %(n)d more problems.", more) % {"n": more})
        raise ActionError(_("Nothing was added. %(problems)s") % {"problems": " ".join(shown)}, field="file")
    try:
        return do_submit_statements(member, [(row.text, row.language, row.translations) for row in found.rows])
    except ActionError as error:
        # A row refused while writing (checked before, but written since by someone else): named by its row.
        number = found.rows[int(error.field) - 1].number if error.field and error.field.isdigit() else None
        if number is None:
            raise ActionError(
                _("Nothing was added. %(problems)s") % {"problems": error.message}, field="file"
            ) from error
        raise ActionError(
            _("Nothing was added. Row %(row)d: %(problem)s") % {"row": number, "problem": error.message}, field="file"
        ) from error
