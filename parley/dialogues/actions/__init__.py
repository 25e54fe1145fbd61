"""Every write to a dialogue: validate, check permission, write the rows, in one transaction.

Views, the CLI and the demo call these functions; nothing else writes these models. One module per
concept; `from parley.dialogues.actions import do_join` (or `actions.do_join`) keeps working:
- `dialogues`: a dialogue with its sides, the site administrator's shell and first co-chairs' links;
- `joining`: invitations, joining, return links and passphrases;
- `statements`: statements and votes;
- `accounts`: logins for organizers, moderators, co-chairs and the site administrator.
"""

from parley.dialogues.access import ActionError
from parley.dialogues.actions.accounts import do_create_account
from parley.dialogues.actions.dialogues import (
    MAX_INVITE_DAYS,
    MAX_INVITE_USES,
    SideSpec,
    do_create_dialogue,
    do_create_shell,
    do_reissue_first_cochair_invite,
)
from parley.dialogues.actions.joining import (
    check_passphrase,
    do_create_invite,
    do_join,
    do_new_return_link,
    do_revoke_invite,
    do_set_passphrase,
    find_invite,
    find_member_by_return_token,
    needs_account,
)
from parley.dialogues.actions.statements import (
    default_language_for,
    do_cast_vote,
    do_cast_votes,
    do_submit_statement,
    do_submit_statements,
    parse_vote_value,
)

# Callers (a view, tests) reach these through `actions` since it was one module.
from parley.dialogues.validation import clean_handle, handle_key, hash_token

__all__ = [
    "MAX_INVITE_DAYS",
    "MAX_INVITE_USES",
    "ActionError",
    "SideSpec",
    "check_passphrase",
    "clean_handle",
    "default_language_for",
    "do_cast_vote",
    "do_cast_votes",
    "do_create_account",
    "do_create_dialogue",
    "do_create_invite",
    "do_create_shell",
    "do_join",
    "do_new_return_link",
    "do_reissue_first_cochair_invite",
    "do_revoke_invite",
    "do_set_passphrase",
    "do_submit_statement",
    "do_submit_statements",
    "find_invite",
    "find_member_by_return_token",
    "handle_key",
    "hash_token",
    "needs_account",
    "parse_vote_value",
]
