"""The rate limits' own table: counts of writes per key and time window (see `parley.ratelimit.limits`)."""

from __future__ import annotations

from django.db import models


class RateCount(models.Model):
    """How many writes one browser, account or pseudonym made in one time window (parley.ratelimit).

    Kept in the database so that every web process counts against the same limit. The key is an
    HMAC-SHA-256 of what is counted under the site's secret key, so the table holds no session key
    or user name, and none can be guessed back from it. On PostgreSQL the table is UNLOGGED
    (dialogues migration 0012): a crash empties it, and the windows start again from zero.
    """

    key = models.CharField(max_length=64, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        # The table the dialogues app made (migration 0006) keeps its name: no data moves.
        db_table = "dialogues_ratecount"

    def __str__(self) -> str:
        return f"{self.count} until {self.expires_at:%Y-%m-%d %H:%M:%S}"
