"""Signals other apps listen to."""

from django.dispatch import Signal

# Sent once a submitted statement is committed; argument: statement_id.
statement_submitted = Signal()
