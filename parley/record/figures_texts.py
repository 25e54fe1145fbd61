"""Each figure's name and definition in English, Azerbaijani, Armenian and Russian (pure: no gettext).

The pages, the API and the bundle's READMEs all take them from here, so a figure is defined in the
same words wherever it is stated.
"""

from __future__ import annotations

# key -> (name, definition)
TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "participants": (
            "Participants",
            "Members of a side who may vote and write, whatever their role (participants, translators, "
            "co-chairs, deputies, organizers, moderators); observers are not counted, nor, where only vote "
            "totals are public, joins the next batch has yet to publish.",
        ),
        "voters": ("Voters", "Participants with at least one current vote."),
        "statements": (
            "Statements",
            "Every statement submitted: visible ones, those on hold (awaiting the other side's moderator) "
            "and those removed by both sides.",
        ),
        "current_votes": (
            "Current votes",
            "The votes that count: each participant's latest vote on each visible statement (where only "
            "vote totals are public, as the latest published batch counts them). The per-statement counts "
            "add up to this.",
        ),
        "votes_cast": (
            "Votes cast",
            "Every vote ever cast, changed votes and votes on statements later held or removed included "
            "(where only vote totals are public, those the published batches hold).",
        ),
        "visible": ("visible", ""),
        "on_hold": ("on hold", ""),
        "removed": ("removed", ""),
        "not_published": ("not published", "Not published where only vote totals are public."),
        "heading": ("## Figures", ""),
    },
    "az": {
        "participants": (
            "İştirakçılar",
            "Tərəfin səs verə və yaza bilən üzvləri, rolundan asılı olmayaraq (iştirakçılar, tərcüməçilər, "
            "həmsədrlər, müavinlər, təşkilatçılar, moderatorlar); müşahidəçilər sayılmır, yalnız səslərin "
            "cəmi açıq olan yerdə isə növbəti paketin hələ dərc etmədiyi qoşulmalar da sayılmır.",
        ),
        "voters": ("Səs verənlər", "Ən azı bir cari səsi olan iştirakçılar."),
        "statements": (
            "Fikirlər",
            "Təqdim edilmiş bütün fikirlər: görünənlər, dayandırılanlar (digər tərəfin moderatorunu "
            "gözləyənlər) və hər iki tərəfin sildiyi fikirlər.",
        ),
        "current_votes": (
            "Cari səslər",
            "Sayılan səslər: hər iştirakçının hər görünən fikrə verdiyi son səs (yalnız səslərin cəmi açıq "
            "olan yerdə son dərc edilmiş paketin saydığı kimi). Fikirlər üzrə saylar bu rəqəmə bərabərdir.",
        ),
        "votes_cast": (
            "Verilmiş səslər",
            "İndiyədək verilmiş bütün səslər, dəyişdirilmiş səslər və sonradan dayandırılan və ya silinən "
            "fikirlərə verilmiş səslər daxil olmaqla (yalnız səslərin cəmi açıq olan yerdə dərc edilmiş "
            "paketlərdəki səslər).",
        ),
        "visible": ("görünən", ""),
        "on_hold": ("dayandırılmış", ""),
        "removed": ("silinmiş", ""),
        "not_published": ("dərc edilmir", "Yalnız səslərin cəmi açıq olan yerdə dərc edilmir."),
        "heading": ("## Rəqəmlər", ""),
    },
    "hy": {
        "participants": (
            "Մասնակիցներ",
            "Կողմի անդամները, որոնք կարող են քվեարկել և գրել, անկախ իրենց դերից (մասնակիցներ, թարգմանիչներ, "
            "համանախագահներ, տեղակալներ, կազմակերպիչներ, մոդերատորներ). դիտորդները չեն հաշվվում, իսկ որտեղ "
            "հրապարակային են միայն ձայների հանրագումարները՝ նաև այն միացումները, որոնք հաջորդ փաթեթը դեռ "
            "չի հրապարակել։",
        ),
        "voters": ("Քվեարկողներ", "Առնվազն մեկ ընթացիկ ձայն ունեցող մասնակիցներ։"),
        "statements": (
            "Դրույթներ",
            "Ներկայացված բոլոր դրույթները՝ տեսանելիները, կասեցվածները (որոնք սպասում են մյուս կողմի "
            "մոդերատորին) և երկու կողմերի կողմից հեռացվածները։",
        ),
        "current_votes": (
            "Ընթացիկ ձայներ",
            "Հաշվվող ձայները՝ յուրաքանչյուր մասնակցի վերջին ձայնը յուրաքանչյուր տեսանելի դրույթի վերաբերյալ "
            "(որտեղ հրապարակային են միայն հանրագումարները՝ ինչպես վերջին հրապարակված փաթեթն է դրանք "
            "հաշվում)։ Ըստ դրույթների թվերի գումարը հավասար է սրան։",
        ),
        "votes_cast": (
            "Տրված ձայներ",
            "Երբևէ տրված բոլոր ձայները, ներառյալ փոխված ձայները և հետագայում կասեցված կամ հեռացված "
            "դրույթների վերաբերյալ ձայները (որտեղ հրապարակային են միայն հանրագումարները՝ հրապարակված "
            "փաթեթներում եղածները)։",
        ),
        "visible": ("տեսանելի", ""),
        "on_hold": ("կասեցված", ""),
        "removed": ("հեռացված", ""),
        "not_published": (
            "չի հրապարակվում",
            "Չի հրապարակվում, որտեղ հրապարակային են միայն ձայների հանրագումարները։",
        ),
        "heading": ("## Թվեր", ""),
    },
    "ru": {
        "participants": (
            "Участники",
            "Члены стороны, которые могут голосовать и писать, в любой роли (участники, переводчики, "
            "сопредседатели, заместители, организаторы, модераторы); наблюдатели не считаются, а там, где "
            "публикуются только итоги голосования, не считаются и присоединения, которые ещё не опубликовал "
            "следующий пакет.",
        ),
        "voters": ("Проголосовавшие", "Участники, у которых есть хотя бы один текущий голос."),
        "statements": (
            "Высказывания",
            "Все поданные высказывания: видимые, приостановленные (ждут модератора другой стороны) и "
            "удалённые обеими сторонами.",
        ),
        "current_votes": (
            "Текущие голоса",
            "Голоса, которые учитываются: последний голос каждого участника по каждому видимому "
            "высказыванию (там, где публикуются только итоги, — как их считает последний опубликованный "
            "пакет). Сумма счётчиков по высказываниям равна этому числу.",
        ),
        "votes_cast": (
            "Поданные голоса",
            "Все когда-либо поданные голоса, включая изменённые и голоса по высказываниям, позже "
            "приостановленным или удалённым (там, где публикуются только итоги, — те, что содержат "
            "опубликованные пакеты).",
        ),
        "visible": ("видимые", ""),
        "on_hold": ("приостановленные", ""),
        "removed": ("удалённые", ""),
        "not_published": ("не публикуется", "Не публикуется там, где публикуются только итоги голосования."),
        "heading": ("## Цифры", ""),
    },
}


def text(language: str, key: str) -> tuple[str, str]:
    """The name and definition of figure KEY in LANGUAGE (English if LANGUAGE has none)."""
    return TEXTS.get(language, TEXTS["en"])[key]
