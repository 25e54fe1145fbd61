from django.contrib.auth import views as auth_views
from django.urls import include, path

from parley.accounts import RateLimitedLoginView
from parley.dialogues.urls import api_urlpatterns
from parley.governance.urls import api_urlpatterns as governance_api_urlpatterns
from parley.publicrecord.urls import api_urlpatterns as record_api_urlpatterns

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", RateLimitedLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include((api_urlpatterns + record_api_urlpatterns + governance_api_urlpatterns, "api"))),
    path("", include("parley.publicrecord.urls")),
    path("", include("parley.governance.urls")),
    path("", include("parley.dialogues.urls")),
]
