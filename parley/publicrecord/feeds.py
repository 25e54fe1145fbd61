"""The record's newest entries as an Atom feed: each entry's sentence, as the record page tells it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from parley.dialogues import codes
from parley.dialogues.access import access_dialogue
from parley.dialogues.queries import active_language
from parley.ledger.models import RecordEntry
from parley.publicrecord import queries, sentences

FEED_SIZE = 50


@require_GET
def record_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The newest FEED_SIZE entries, newest first: a sentence, the entry's number, time and type; nothing
    about a participant beyond what the record page shows (the same sentences)."""
    dialogue, _member = access_dialogue(request, slug)
    language = active_language()
    record_url = request.build_absolute_uri(reverse("publicrecord:record", args=[slug]))
    feed = Atom1Feed(
        title=_("Public record of %(title)s") % {"title": dialogue.title_text(language)},
        link=record_url,
        description="",
        language=language,
        feed_url=request.build_absolute_uri(reverse("publicrecord:feed", args=[slug])),
        feed_guid=record_url,
    )
    rows = list(RecordEntry.objects.filter(dialogue=dialogue).order_by("-seq")[:FEED_SIZE])
    openings = queries.openings_of(dialogue.pk, [row.seq for row in rows])
    rules = queries.withdrawal_rules(dialogue.pk) if openings else {}
    side_names = codes.side_names(dialogue.ordered_sides(), language)
    for row in rows:
        item = queries.entry_dict(row, openings.get(row.seq), rules)
        link = f"{record_url}?seq={row.seq}"
        feed.add_item(
            title=sentences.sentence(row.type, item["entry"], side_names),
            link=link,
            description=_("Entry no. %(seq)s of the record (%(type)s).") % {"seq": row.seq, "type": row.type},
            unique_id=link,
            pubdate=row.created_at,
            updateddate=row.created_at,
        )
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")
