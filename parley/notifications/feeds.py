"""A participant's private Atom feed of statements to vote on, at an address with a secret token.

The token is shown once when the participant turns the feed on; only its hash is kept. The feed lists
the latest visible statements by others (their text and language, never their author), each linking
to the voting page; a feed reader keeps track of which are new.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from parley.dialogues.models import Statement
from parley.notifications.actions import feed_token_hash
from parley.notifications.models import NewStatementsFeed

FEED_SIZE = 50


@require_GET
def new_statements_feed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    found = (
        NewStatementsFeed.objects.filter(
            token_hash=feed_token_hash(token), enabled=True, membership__dialogue__slug=slug
        )
        .select_related("membership__dialogue")
        .first()
    )
    if found is None:
        raise Http404("no such feed")
    member = found.membership
    dialogue = member.dialogue
    vote_url = request.build_absolute_uri(reverse("dialogues:vote", args=[slug]))
    feed = Atom1Feed(
        title=dialogue.title_text(member.language),
        link=vote_url,
        description="",
        language=member.language,
        feed_url=request.build_absolute_uri(),
    )
    statements = (
        Statement.objects.filter(dialogue=dialogue, status=Statement.Status.VISIBLE)
        .exclude(author_id=member.pk)
        .order_by("-created_at", "-id")[:FEED_SIZE]
    )
    for statement in statements:
        feed.add_item(
            title=statement.text[:80],
            link=f"{vote_url}#statement-{statement.pk}",
            description=statement.text,
            unique_id=f"{vote_url}#statement-{statement.pk}",
            pubdate=statement.created_at,
            updateddate=statement.created_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
