"""Seed statements added from a CSV file: every row, with its translations, or none."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parley.dialogues.actions import do_submit_statement
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
    through the same action as one statement written on the page, so each has its record entries.
    One transaction: a problem in any row, found now or while writing, adds nothing."""
    member = check_can_add_seeds(member)
    found = read_seed_file(member.dialogue, data)
    if not found.ok:
        problems = found.all_errors() or [_("The file has no statements.")]
        shown = problems[:SHOWN_ERRORS]
        more = len(problems) - len(shown)
        if more:
            shown.append(ngettext("and %(n)d more problem.", "and %(n)d more problems.", more) % {"n": more})
        raise ActionError(_("Nothing was added. %(problems)s") % {"problems": " ".join(shown)}, field="file")
    added = []
    for row in found.rows:
        try:
            added.append(do_submit_statement(member, row.text, row.language, row.translations))
        except ActionError as error:
            raise ActionError(
                _("Nothing was added. Row %(row)d: %(problem)s") % {"row": row.number, "problem": error.message},
                field="file",
            ) from error
    return added
