"""Rate limits: how many writes a browser, account or pseudonym may make per time window, and the
sign-in throttle. A base app: it imports no other Parley app.

- `limits`: `check_rate`, `count_attempt`, `RateLimited` ...; `from parley.ratelimit import check_rate`
  still works (the names are looked up in `limits` when first used, after the app registry is ready).
- `signin_throttle`: the sign-in guard (delays after failed sign-ins, per account and per device).
- `models`: `RateCount`, the counts' table.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    from parley.ratelimit import limits

    return getattr(limits, name)
