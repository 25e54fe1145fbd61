"""Signals other apps listen to, so that this app need not import them.

`statement_submitted` is sent once the transaction that added a statement has committed, with the
argument `statement_id`: the translation app queues the statement's machine translations on it. It is
sent for every new statement, also one the blocklist held at once: a receiver checks that the statement
is visible before sending its text anywhere.
"""

from __future__ import annotations

from django.dispatch import Signal

statement_submitted = Signal()

# Sent once the transaction that made a hidden statement visible again (a hold returned, an appeal
# restored it) has committed, with the argument `statement_id`: the translation app queues the
# machine translations it did not get while it was hidden.
statement_visible = Signal()

# Sent inside the transaction that withdrew a statement's text from the public record (argument
# `statement_id`): whoever keeps copies of its texts blanks them in that same transaction.
text_withdrawn = Signal()

# Sent once the transaction that wrote a free text of a side (a hold's reason, a glossary note) has
# committed, with the arguments `kind` ("hold.reason", "glossary.note") and `object_id`: the
# translation app queues its machine translations into the dialogue's other languages.
free_text_written = Signal()
