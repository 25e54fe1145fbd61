"""Who signed a checkpoint or a joint statement reads as words in the reader's language, never as the
record's role code (`cochair-a`), on the signing, checkpoint and joint statement pages."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from parley.checkpoints import actions as record_actions
from parley.joint import actions as joint_actions
from parley.joint.tests.joint_setup import finalised, register_keys, signature

pytestmark = pytest.mark.django_db

CO_CHAIR_OF_SIDE_A = {"az": "A tərəfi", "hy": "Ա կողմ", "ru": "Сторона А"}


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


@pytest.mark.parametrize("language", ["az", "hy", "ru"])
def test_signers_show_as_the_cochair_of_a_named_side_in_the_readers_language(world, language):
    joint = finalised(world)
    private = register_keys(world)
    joint_actions.do_sign_joint(world.aynur, joint.pk, signature(private["aynur"], bytes(joint.canonical)))
    checkpoint = record_actions.do_make_checkpoint(world.dialogue.pk)
    record_actions.do_cosign_checkpoint(world.aynur, checkpoint.pk, signature(private["aynur"], bytes(checkpoint.body)))
    slug = world.dialogue.slug
    client = world.client("gayane")
    client.cookies["django_language"] = language
    pages = {
        "joint": reverse("joint:detail", args=[slug, joint.pk]),
        "checkpoints": reverse("publicrecord:checkpoints", args=[slug]),
        "signing": reverse("publicrecord:signing", args=[slug]),
    }
    for name, page in pages.items():
        text = visible(client.get(page).content.decode())
        assert "cochair-" not in text, name
        assert "Co-chair" not in text, name
    for name in ("joint", "checkpoints"):
        assert CO_CHAIR_OF_SIDE_A[language] in visible(client.get(pages[name]).content.decode()), name
