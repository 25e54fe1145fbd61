from django.apps import AppConfig


class LedgerConfig(AppConfig):
    """The record's storage and appending: entries, openings, head, counts, pending entries, stored tree.

    Below the dialogues: it imports no app above it (the dialogues app appends through `log.append`)."""

    name = "parley.ledger"
    label = "ledger"
