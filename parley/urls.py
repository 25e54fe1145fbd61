from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.views import defaults

from parley.accounts import RateLimitedLoginView
from parley.dialogues.urls import api_urlpatterns
from parley.governance.urls import api_urlpatterns as governance_api_urlpatterns
from parley.health import healthz
from parley.joint.urls import api_urlpatterns as joint_api_urlpatterns
from parley.moderation.urls import api_urlpatterns as moderation_api_urlpatterns
from parley.publicrecord.urls import api_urlpatterns as record_api_urlpatterns
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
                + record_api_urlpatterns
                + governance_api_urlpatterns
                + joint_api_urlpatterns
                + moderation_api_urlpatterns
                + translation_api_urlpatterns,
                "api",
            )
        ),
    ),
    path("", include("parley.publicrecord.urls")),
    path("", include("parley.governance.urls")),
    path("", include("parley.joint.urls")),
    path("", include("parley.moderation.urls")),
    path("", include("parley.translations.urls")),
    path("", include("parley.dialogues.urls")),
]


def _api_error(status: int, message: str, page: Any) -> Any:
    """Answer under /api/ with {"error": ...} as docs/api.md says; elsewhere with the usual page."""

    def handler(request: HttpRequest, exception: Exception) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"error": message}, status=status)
        return page(request, exception)

    return handler


handler403 = _api_error(403, "forbidden", defaults.permission_denied)
handler404 = _api_error(404, "not found", defaults.page_not_found)
