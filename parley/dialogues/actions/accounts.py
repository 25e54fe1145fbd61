"""Accounts for organizers, moderators, co-chairs and the site administrator."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from parley.dialogues.access import ActionError
from parley.lang import normalise_text

# --- accounts --------------------------------------------------------------------------------


@transaction.atomic
def do_create_account(username: object, password: object, *, superuser: bool = False) -> Any:
    """Create a login for an organizer, moderator or co-chair (or, SUPERUSER, the site administrator);
    passwords are checked and argon2-hashed."""
    from django.contrib.auth import get_user_model, password_validation
    from django.core.exceptions import ValidationError

    user_model = get_user_model()
    if not isinstance(username, str) or not isinstance(password, str):
        raise ActionError(_("Choose a username and a password."), field="username")
    username = normalise_text(username)
    if not 3 <= len(username) <= 60 or not re.match(r"^[\w.@+-]+$", username):
        raise ActionError(
            _("A username has 3 to 60 letters, digits and the characters . @ + - _ (no spaces)."), field="username"
        )
    if user_model.objects.filter(username__iexact=username).exists():
        raise ActionError(_("This username is taken. Choose another."), field="username")
    candidate = user_model(username=username)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        raise ActionError(" ".join(error.messages), field="password") from None
    candidate.set_password(password)
    candidate.is_superuser = candidate.is_staff = superuser
    candidate.save()
    return candidate
