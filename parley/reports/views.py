"""A report's page (from its frozen snapshot), the snapshot's exact bytes, and the Atom feed of reports."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from parley.dialogues.access import access_dialogue
from parley.dialogues.queries import active_language
from parley.documents.responses import pdf_response
from parley.reports import queries
from parley.reports.access import access_report
from parley.reports.models import FrozenReport

FEED_SIZE = 50


def _language(request: HttpRequest, frozen: FrozenReport) -> str:
    """The language asked for (?lang=) if the report has it, else the reader's, else the report's first."""
    snap_languages = queries.languages_of(frozen)
    return queries.reading_language(
        {"dialogue": {"languages": snap_languages}}, request.GET.get("lang", ""), active_language()
    )


@require_GET
def report(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    """The report as frozen, in the language asked for (?lang=) among the dialogue's."""
    _dialogue, member, frozen = access_report(request, slug, report_id)
    language = _language(request, frozen)
    with translation.override(language):
        context = queries.report_page(frozen, language, public=frozen.is_public(timezone.now()))
        context["member"] = member
        return render(request, queries.TEMPLATE, context)


@require_GET
def report_pdf(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    """The same frozen page as a PDF to print or send, in the language asked for (?lang=); under embargo
    only members get it, as the page."""
    _dialogue, member, frozen = access_report(request, slug, report_id)
    language = _language(request, frozen)
    with translation.override(language):
        context = queries.report_page(frozen, language, public=frozen.is_public(timezone.now()))
        context["member"] = member
        return pdf_response(request, queries.TEMPLATE, context, f"{slug}-report-{report_id}-{language}.pdf")


@require_GET
def snapshot_json(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    """The snapshot's stored bytes: their SHA-256 is the one in the report's `report.frozen` entry."""
    _dialogue, _member, frozen = access_report(request, slug, report_id)
    response = HttpResponse(frozen.snapshot.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="report-{frozen.report_id}.json"'
    return response


@require_GET
def reports_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The dialogue's published reports as an Atom feed: never one still under embargo, whoever asks."""
    dialogue, _member = access_dialogue(request, slug)
    now = timezone.now()
    language = active_language()
    link = request.build_absolute_uri(reverse("dialogues:detail", args=[slug]))
    feed = Atom1Feed(
        title=_("Reports of %(title)s") % {"title": dialogue.title_text(language)},
        link=link,
        description="",
        language=language,
        feed_url=request.build_absolute_uri(reverse("reports:feed", args=[slug])),
        feed_guid=f"{link}reports",
    )
    for frozen in queries.published_reports(dialogue.pk, now)[:FEED_SIZE]:
        url = request.build_absolute_uri(reverse("reports:report", args=[slug, frozen.report_id]))
        run = frozen.report.run
        feed.add_item(
            title=_("Report no. %(id)s: analysis of %(votes)d votes") % {"id": frozen.report_id, "votes": run.n_votes},
            link=url,
            description=_("Agreed by both sides; its snapshot's SHA-256 is %(sha)s.") % {"sha": frozen.snapshot_sha256},
            unique_id=url,
            pubdate=frozen.publish_at or frozen.frozen_at,
            updateddate=frozen.publish_at or frozen.frozen_at,
        )
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")
