from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from parley import pages
from parley.accounts import RateLimitedLoginView
from parley.dialogues import urls as dialogue_urls
from parley.dialogues.urls import api_urlpatterns
from parley.errors import error_response
from parley.health import healthz
from parley.joint.urls import api_urlpatterns as joint_api_urlpatterns
from parley.meetings.urls import api_urlpatterns as meetings_api_urlpatterns
from parley.moderation.urls import api_urlpatterns as moderation_api_urlpatterns
from parley.notifications.urls import api_urlpatterns as notifications_api_urlpatterns
from parley.proposals.urls import api_urlpatterns as governance_api_urlpatterns
from parley.publicrecord.urls import api_urlpatterns as record_api_urlpatterns
from parley.reports.urls import api_urlpatterns as reports_api_urlpatterns
from parley.stand.urls import api_urlpatterns as stand_api_urlpatterns
from parley.translations.urls import api_urlpatterns as translation_api_urlpatterns

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", RateLimitedLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "api/v1/",
        include(
            (
                api_urlpatterns
                + pages.api_urlpatterns
                + record_api_urlpatterns
                + governance_api_urlpatterns
                + joint_api_urlpatterns
                + moderation_api_urlpatterns
                + translation_api_urlpatterns
                + reports_api_urlpatterns
                + notifications_api_urlpatterns
                + stand_api_urlpatterns
                + meetings_api_urlpatterns,
                "api",
            )
        ),
    ),
    path("", include("parley.publicrecord.urls")),
    path("", include("parley.proposals.urls")),
    path("", include("parley.joint.urls")),
    path("", include("parley.moderation.urls")),
    path("", include("parley.translations.urls")),
    path("", include("parley.reports.urls")),
    path("", include("parley.notifications.urls")),
    path("", include("parley.stand.urls")),
    path("", include("parley.seeds.urls")),
    path("", include("parley.meetings.urls")),
    path("", include((dialogue_urls.urlpatterns + pages.urlpatterns, "dialogues"))),
]


def _error_handler(status: int) -> Any:
    """Django's own 404s and 403s (no URL, a 404 outside any access layer) answered as
    `parley.errors.error_response` answers the domain errors: JSON under /api/, else the page."""

    def handler(request: HttpRequest, exception: Exception) -> HttpResponse:
        return error_response(request, status, exception)

    return handler


handler403 = _error_handler(403)
handler404 = _error_handler(404)
