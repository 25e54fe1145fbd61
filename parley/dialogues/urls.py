from django.urls import path

from parley.dialogues import api
from parley.dialogues.views import administrator, manage, participation, public

app_name = "dialogues"

# A dialogue's front page and results compose several apps: `parley/pages.py` has them, and
# `parley/urls.py` adds them to this namespace.

urlpatterns = [
    path("", public.home, name="home"),
    path("new/", manage.create_dialogue, name="create"),
    path("join/<str:token>/", participation.join, name="join"),
    path("d/<slug:slug>/sides.css", public.sides_css, name="sides_css"),
    path("d/<slug:slug>/welcome/", participation.welcome, name="welcome"),
    path("d/<slug:slug>/r/<str:token>/", participation.return_link, name="return"),
    path("d/<slug:slug>/signin/", participation.signin, name="signin"),
    path("d/<slug:slug>/leave/", participation.leave, name="leave"),
    path("d/<slug:slug>/me/", participation.me, name="me"),
    path("d/<slug:slug>/vote/", participation.vote_page, name="vote"),
    path("d/<slug:slug>/vote/cast/", participation.vote, name="cast_vote"),
    path("d/<slug:slug>/write/", participation.write, name="write"),
    path("d/<slug:slug>/write/language/", participation.check_language, name="check_language"),
    path("d/<slug:slug>/my-votes/", participation.my_votes, name="my_votes"),
    path("d/<slug:slug>/my-votes/receipt.json", participation.my_receipt, name="my_receipt"),
    path("d/<slug:slug>/manage/", manage.manage, name="manage"),
    path("d/<slug:slug>/first-cochairs/", administrator.first_cochairs, name="first_cochairs"),
    path(
        "d/<slug:slug>/first-cochairs/<int:side_id>/new-link/",
        administrator.reissue_first_cochair,
        name="reissue_first_cochair",
    ),
    path("d/<slug:slug>/manage/invites/<int:invite_id>/revoke/", manage.revoke_invite, name="revoke_invite"),
]

api_urlpatterns = [
    path("dialogues/", api.dialogue_list, name="api_dialogues"),
]
