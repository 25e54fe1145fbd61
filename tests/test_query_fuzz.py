"""Every page and API endpoint answers hostile query parameters with a clear 4xx, never a 500.

The parameters are found in the source (every `request.GET` read), the pages in the URL
configuration, so a new view or parameter is fuzzed without editing this file. Run it on
PostgreSQL too (DATABASE_URL=postgres://...): NUL bytes and out-of-range integers fail there only.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.datastructures import MultiValueDict

from parley.dialogues.models import Statement
from parley.joint.tests.joint_setup import drafted

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
# How the views read query parameters: request.GET.get("x"), request.GET.getlist("x"), request.GET["x"], or
# through a private helper given the request and the name, _int(request, "x", ...), which reads
# request.GET.get(name).
READS = [
    re.compile(r"""request\.GET\.(?:get|getlist)\(\s*["'](\w+)["']"""),
    re.compile(r"""request\.GET\[\s*["'](\w+)["']\s*\]"""),
    re.compile(r"""\b_\w+\(\s*request\s*,\s*["'](\w+)["']"""),
]
HELPER_READ = re.compile(r"request\.GET\.get\(\s*name\s*[,)]")
HOSTILE = [
    "%00",  # NUL: PostgreSQL refuses it in any text
    "9" * 40,  # far past a 64-bit integer
    "%ff%fe",  # not UTF-8
    "1%002",
    "%ed%a0%80",  # an encoded surrogate
    "x" * 5000,  # very long
    "9" * 5000,  # more digits than int() takes
    "-" + "9" * 40,
    "9223372036854775808",  # one past PostgreSQL's bigint
    "-1",
    "0",
    "1.5",
    "nan",
    "%F0%9F%98%80",
    "",
    "%0a%0d%09",
]


def query_parameters() -> set[str]:
    """Every query parameter a view of Parley reads, found in the source."""
    names: set[str] = set()
    for path in (ROOT / "parley").rglob("*.py"):
        if "tests" in path.parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            found = [m for pattern in READS for m in pattern.findall(line)]
            unseen = "request.GET" in line and not found and not HELPER_READ.search(line)
            assert not unseen, f"{path}: a query read this test does not see: {line}"
            names.update(found)
    return names


def url_patterns(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def concrete_paths(slug: str, ids: dict[str, int], hostile: bool = False) -> list[str]:
    """Every URL of the site, its slugs, ids and tokens filled in (if HOSTILE, ids past any integer
    column and tokens holding a NUL and a byte that is not UTF-8)."""

    def fill(match: re.Match[str]) -> str:
        kind, name = match.group(1), match.group(2)
        if kind == "slug":
            return slug
        if kind == "int":
            return str(10**30) if hostile else str(ids.get(name, 1))
        return "x%00%ff" if hostile else "x"

    return ["/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route) for route, _ in url_patterns(get_resolver().url_patterns)]


def test_the_fuzzer_finds_the_parameters_the_views_read():
    assert {"type", "page", "after", "limit", "size", "statement", "a", "b", "part"} <= query_parameters()


class ReadRecorder:
    """Notes every name Parley's code looks up in a QueryDict (request.GET, request.POST)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: set[str] = set()
        for method in ("get", "__getitem__", "getlist", "__contains__"):
            original = getattr(MultiValueDict, method)
            monkeypatch.setattr(QueryDict, method, self._wrap(original))

    def _wrap(self, original: Any) -> Any:
        def recorded(querydict: Any, key: Any, *args: Any, **kwargs: Any) -> Any:
            caller = sys._getframe(1).f_code.co_filename
            if isinstance(key, str) and str(ROOT / "parley") in caller:
                self.names.add(key)
            return original(querydict, key, *args, **kwargs)

        return recorded


@pytest.mark.slow
def test_no_page_or_api_answers_hostile_query_parameters_with_a_500(world, monkeypatch):
    joint = drafted(world)
    statement = Statement.objects.filter(dialogue=world.dialogue).earliest("pk")
    ids = {"joint_id": joint.pk, "seq": 1, "statement_id": statement.pk}
    everywhere = sorted(query_parameters())
    recorder = ReadRecorder(monkeypatch)
    failures = []
    for who, client in {"co-chair": world.client("aynur"), "anonymous": Client()}.items():
        client.raise_request_exception = False
        for path in concrete_paths(world.dialogue.slug, ids):
            # Which parameters does this page read? Ask it once with ordinary values and watch.
            recorder.names.clear()
            client.get(path + "?" + "&".join(f"{name}=1" for name in everywhere))
            queries = [(f"{name}={{}}", HOSTILE) for name in sorted(recorder.names)]  # each one alone
            queries.append(("&".join(f"{name}={{}}" for name in everywhere), HOSTILE[:3]))  # and all at once
            for query, values in queries:
                for value in values:
                    response = client.get(f"{path}?{query.replace('{}', value)}")
                    if response.status_code >= 500:
                        failures.append((who, path, query[:30], value[:20], response.status_code))
                    elif response.status_code == 400 and path.startswith("/api/"):
                        assert response.json()["error"]
        for path in concrete_paths(world.dialogue.slug, ids, hostile=True):
            if client.get(path).status_code >= 500:
                failures.append((who, path, "", "huge id or NUL in the path", 500))
    assert failures == []


@pytest.mark.parametrize(
    "path",
    ["/d/river-talks/record/?type=%00", "/api/v1/dialogues/river-talks/record/?type=vote.cast%00"],
)
def test_a_nul_byte_in_a_query_is_refused_with_a_clear_message(world, path):
    response = Client().get(path)
    assert response.status_code == 400
    body = response.json()["error"] if path.startswith("/api/") else response.content.decode()
    assert "control characters" in body


def test_ordinary_queries_still_work(world):
    client = Client()
    assert client.get("/d/river-talks/record/?type=vote.cast&page=1").status_code == 200
    entries = client.get("/api/v1/dialogues/river-talks/record/?type=dialogue.created&after=-1&limit=5").json()
    assert [e["seq"] for e in entries["entries"]] == [0]
    assert client.get("/d/river-talks/record/?type=" + "%D5%A1" * 50).status_code == 200  # 50 Armenian letters
