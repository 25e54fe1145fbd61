"""The HTML report's words in each of Parley's languages (the engine is pure: no gettext here)."""

from __future__ import annotations

LANGUAGES = ("en", "az", "hy", "ru")

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "counts": "{participants} participants, {statements} statements, {votes} votes.",
        "map": "Opinion map",
        "map_label": "opinion map",
        "common": "Common ground",
        "divides": "Divides",
        "groups": "Opinion groups",
        "group": "Group {n} ({size} participants)",
        "group_title": "group {n}",
        "statement": "Statement",
        "per_side": "Agreement per side",
        "share": "{share} of {seen}",
        "agree": "agree",
        "disagree": "disagree",
        "no_votes": "No votes.",
    },
    "az": {
        "counts": "{participants} iştirakçı, {statements} fikir, {votes} səs.",
        "map": "Fikir xəritəsi",
        "map_label": "fikir xəritəsi",
        "common": "Ortaq məxrəc",
        "divides": "Fikir ayrılıqları",
        "groups": "Fikir qrupları",
        "group": "Qrup {n} ({size} iştirakçı)",
        "group_title": "qrup {n}",
        "statement": "Fikir",
        "per_side": "Hər tərəfdə razılıq",
        "share": "{seen} nəfərdən {share}",
        "agree": "razıdır",
        "disagree": "razı deyil",
        "no_votes": "Səs yoxdur.",
    },
    "hy": {
        "counts": "{participants} մասնակից, {statements} դրույթ, {votes} ձայն։",
        "map": "Կարծիքների քարտեզ",
        "map_label": "կարծիքների քարտեզ",
        "common": "Ընդհանուր եզրեր",
        "divides": "Տարաձայնություններ",
        "groups": "Կարծիքների խմբեր",
        "group": "Խումբ {n} ({size} մասնակից)",
        "group_title": "խումբ {n}",
        "statement": "Դրույթ",
        "per_side": "Համաձայնությունն ըստ կողմերի",
        "share": "{share}՝ {seen}-ից",
        "agree": "համաձայն են",
        "disagree": "համաձայն չեն",
        "no_votes": "Ձայներ չկան։",
    },
    "ru": {
        "counts": "Участников: {participants}, высказываний: {statements}, голосов: {votes}.",
        "map": "Карта мнений",
        "map_label": "карта мнений",
        "common": "Общие позиции",
        "divides": "Разногласия",
        "groups": "Группы мнений",
        "group": "Группа {n} (участников: {size})",
        "group_title": "группа {n}",
        "statement": "Высказывание",
        "per_side": "Согласие по сторонам",
        "share": "{share} из {seen}",
        "agree": "согласны",
        "disagree": "не согласны",
        "no_votes": "Голосов нет.",
    },
}


def percent(fraction: float, language: str) -> str:
    """FRACTION as a whole percentage, as LANGUAGE writes it (CLDR: a no-break space before % in Russian)."""
    value = round(100 * fraction)
    return f"{value}\u00a0%" if language == "ru" else f"{value}%"
