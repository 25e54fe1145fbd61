"""The press PDF of a ratified joint statement: every language of the dialogue, both signatures, the
checkpoint, a QR code to the statement's public page; none for a text not ratified; a 503 page, not a
traceback, where the server cannot render PDFs.

The PDF is rendered once for the module (a dialogue in az, hy, ru and en), then read back: its text
with pypdf, its embedded fonts with fontTools."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from typing import Any

import pypdfium2
import pytest
import segno
import zxingcpp
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from parley.checkpoints import actions as record_actions
from parley.documents import render as pdf_render
from parley.documents import responses
from parley.documents.qr import qr_svg
from parley.documents.tests.pdf_support import decode_qr, require_pdf_rendering
from parley.joint import actions as joint_actions
from parley.joint.tests.joint_setup import DATA, RIVERS, common_ground, finalised, register_keys, signature
from parley.testing.personas import build_world, propose_and_approve

pytestmark = pytest.mark.django_db

# Azerbaijani's ə, ı and İ in the title, beside the Armenian and Cyrillic texts of the clauses.
TITLE = {
    "en": "On the shared river",
    "az": "İki tərəfin ortaq çayı haqqında",
    "hy": "Ընդհանուր գետի մասին",
    "ru": "Об общей реке",
}


@dataclass
class RepeatedFetch:
    renders: int
    same: bool


@dataclass
class Rendered:
    pdf: bytes
    html: str
    content_type: str
    page_url: str
    fingerprints: list[str]
    handles: list[str]
    root_hash: str
    # The same PDF fetched by readers of each interface language: their headings, every text block.
    by_language: dict[str, bytes]
    repeat: RepeatedFetch


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker) -> Rendered:
    """A ratified joint statement's PDF, fetched anonymously once per interface language; its data rolled
    back after."""
    require_pdf_rendering()
    captured: list[str] = []
    real = pdf_render.render_pdf

    def spy(html: str, base_url: str | None, **kwargs) -> bytes:
        captured.append(html)
        return real(html, base_url, **kwargs)

    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world(slug="press-river")
        rivers, data, _border = common_ground(world)
        joint = joint_actions.do_start_joint(world.aynur, TITLE, [rivers.pk, data.pk])
        propose_and_approve(world.aynur, world.gayane, "finalise_joint_statement", {"joint": joint.pk})
        joint.refresh_from_db()
        private = register_keys(world)
        for name in ("aynur", "gayane"):
            joint_actions.do_sign_joint(world.members[name], joint.pk, signature(private[name], bytes(joint.canonical)))
        checkpoint = record_actions.do_make_checkpoint(world.dialogue.pk)
        url = reverse("joint:pdf", args=[world.dialogue.slug, joint.pk])
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(responses, "render_pdf", spy)
            response = Client().get(url)
            assert response.status_code == 200, response.content[:500]
            by_language = {"en": response.content}
            for language in ("az", "hy", "ru"):
                by_language[language] = Client(headers={"accept-language": language}).get(url).content
            renders = len(captured)
            again = Client().get(url)
            repeat = RepeatedFetch(renders=len(captured) - renders, same=again.content == response.content)
        fingerprints = [s.signing_key.fingerprint for s in joint.signatures.select_related("signing_key")]
        result = Rendered(
            pdf=response.content,
            html=captured[0],
            content_type=response["Content-Type"],
            page_url="http://testserver" + reverse("joint:detail", args=[world.dialogue.slug, joint.pk]),
            fingerprints=fingerprints,
            handles=["Aynur", "Gayane"],
            root_hash=bytes(checkpoint.root_hash).hex(),
            by_language=by_language,
            repeat=repeat,
        )
        transaction.set_rollback(True)
    return result


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_has_the_text_in_all_four_languages(rendered):
    assert rendered.content_type == "application/pdf" and rendered.pdf.startswith(b"%PDF-")
    text = " ".join(pdf_text(rendered.pdf).split())
    for texts in (TITLE, RIVERS, DATA):
        for language, sentence in texts.items():
            assert sentence in text, (language, sentence)
    assert all(letter in text for letter in "əıİ")


# "Signatures" and "How to check it yourself", as the catalogs translate them.
HEADINGS = {
    "az": ("İmzalar", "Özünüz necə yoxlaya bilərsiniz"),
    "hy": ("Ստորագրություններ", "Ինչպես ստուգել ինքնուրույն"),
    "ru": ("Подписи", "Как проверить самостоятельно"),
}


@pytest.mark.parametrize("language", ["az", "hy", "ru"])
def test_a_reader_of_each_language_gets_the_headings_in_it_and_every_text(rendered, language):
    text = " ".join(pdf_text(rendered.by_language[language]).split())
    assert all(heading in text for heading in HEADINGS[language])
    assert "Signatures" not in text
    assert all(sentence in text for sentence in (*RIVERS.values(), *DATA.values()))


def test_each_language_block_carries_its_own_lang(rendered):
    for code in ("az", "hy", "ru", "en"):
        assert f'<div lang="{code}">' in rendered.html


def test_the_pdf_names_both_signers_their_key_fingerprints_and_the_checkpoint_root(rendered):
    text = "".join(pdf_text(rendered.pdf).split())  # long fingerprints wrap across lines
    for fingerprint in rendered.fingerprints:
        assert fingerprint in text
    for handle in rendered.handles:
        assert handle in text
    assert rendered.root_hash in text


def test_the_embedded_fonts_have_a_glyph_for_every_letter_the_texts_use(rendered):
    """Armenian, Cyrillic and Azerbaijani's ə ı İ drawn from the fonts' own glyphs, never their .notdef box."""
    texts = [text for texts in (TITLE, RIVERS, DATA) for text in texts.values()]
    used = {ch for text in texts for ch in text if ch.isalpha()}
    assert {"ə", "ı", "İ", "Ջ", "ж"} <= used  # each script is there to check
    covered: set[str] = set()
    for page in PdfReader(io.BytesIO(rendered.pdf)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            for descendant in font.get_object().get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                file = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                if file is None:
                    continue
                embedded = TTFont(io.BytesIO(file.get_object().get_data()))
                cmap = embedded.getBestCmap() or {}
                glyphs = embedded.getGlyphOrder()
                covered |= {chr(code) for code, glyph in cmap.items() if glyph != glyphs[0]}
    assert used and used <= covered, sorted(used - covered)


def test_the_qr_code_leads_to_the_statements_public_page(rendered):
    svg = rendered.html[rendered.html.index("<svg") : rendered.html.index("</svg>") + 6]
    expected = segno.make(rendered.page_url, error="m", micro=False)
    assert decode_qr(svg) == [[bool(m) for m in row] for row in expected.matrix]
    assert svg == str(qr_svg(rendered.page_url, _qr_title()))
    assert rendered.page_url in " ".join(pdf_text(rendered.pdf).split())


def _qr_title() -> str:
    return "QR code: the address of this statement's public page, where its signatures are checked"


def test_a_phone_scanning_the_printed_qr_code_opens_the_statements_page(rendered):
    for language, pdf in rendered.by_language.items():
        document = pypdfium2.PdfDocument(pdf)
        read = [
            code.text
            for page in document
            for code in zxingcpp.read_barcodes(page.render(scale=2).to_pil())
            if code.format == zxingcpp.BarcodeFormat.QRCode
        ]
        assert read == [rendered.page_url], language


def test_asking_again_for_the_same_pdf_takes_it_from_the_cache_without_rendering(rendered):
    assert rendered.repeat.renders == 0 and rendered.repeat.same


def test_a_statement_not_ratified_has_no_pdf(world):
    joint = finalised(world)
    response = Client().get(reverse("joint:pdf", args=[world.dialogue.slug, joint.pk]))
    assert response.status_code == 404
    assert "not ratified yet" in response.content.decode()
    detail = Client().get(reverse("joint:detail", args=[world.dialogue.slug, joint.pk])).content.decode()
    assert 'id="joint-pdf"' not in detail


def test_without_weasyprint_the_pdf_link_answers_503_with_a_page_saying_so(world, monkeypatch):
    joint = finalised(world)
    private = register_keys(world)
    for name in ("aynur", "gayane"):
        joint_actions.do_sign_joint(world.members[name], joint.pk, signature(private[name], bytes(joint.canonical)))
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now raises ImportError
    cache.clear()
    detail = Client().get(reverse("joint:detail", args=[world.dialogue.slug, joint.pk])).content.decode()
    assert 'id="joint-pdf"' in detail
    response = Client().get(reverse("joint:pdf", args=[world.dialogue.slug, joint.pk]))
    assert response.status_code == 503
    assert "PDF rendering is not installed on this server" in response.content.decode()


def test_the_pdf_is_tagged_for_screen_readers_with_its_language_and_title(rendered):
    for language, pdf in rendered.by_language.items():
        reader = PdfReader(io.BytesIO(pdf))
        root: Any = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], language
        assert root["/Lang"] == language
        assert reader.metadata is not None and reader.metadata.title == TITLE[language]
