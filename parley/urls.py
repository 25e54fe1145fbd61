from django.contrib.auth import views as auth_views
from django.urls import include, path

from parley.dialogues.urls import api_urlpatterns

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include((api_urlpatterns, "api"))),
    path("", include("parley.dialogues.urls")),
]
