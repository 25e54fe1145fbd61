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
        "common_rule": (
            "Every side has cast at least {min} votes on the statement, and the lower end of each "
            "side's {cred} credible interval of agreement is at least {low}."
        ),
        "divides_rule": (
            "Every side has cast at least {min} votes on the statement, and the lower end of the {cred} "
            "credible interval of the gap in agreement between two sides is at least {gap} percentage "
            "points."
        ),
        "bridging": "Bridging statements",
        "bridging_rule": (
            "A majority of every opinion group within every side supports them, and the bridging model "
            "rates them above the average statement; the least supportive group ranks them."
        ),
        "why_common": "every side at least {low}, {n}+ votes each",
        "why_divide": "gap at least {gap} points, {n}+ votes each",
        "why_bridging": "weakest group {share}",
        "too_early": "Too early to tell: on {n} statements some side has cast fewer than {min} votes.",
        "needs": "The fewest more votes one statement needs from each side: {needs}.",
        "none": "None yet.",
        "more": "… and {n} more.",
        "reason": "Why",
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
        "common_rule": (
            "Hər tərəf fikir üzrə ən azı {min} səs verib və hər tərəfin razılığının {cred} etibarlı "
            "intervalının aşağı həddi ən azı {low} təşkil edir."
        ),
        "divides_rule": (
            "Hər tərəf fikir üzrə ən azı {min} səs verib və iki tərəf arasındakı razılıq fərqinin "
            "{cred} etibarlı intervalının aşağı həddi ən azı {gap} faiz bəndidir."
        ),
        "bridging": "Körpü fikirlər",
        "bridging_rule": (
            "Hər tərəfin daxilindəki hər fikir qrupunun əksəriyyəti onları dəstəkləyir və körpü modeli "
            "onları orta fikirdən yüksək qiymətləndirir; ən az dəstəkləyən qrup onların sırasını "
            "müəyyən edir."
        ),
        "why_common": "hər tərəf ən azı {low}, hər birindən {n}+ səs",
        "why_divide": "fərq ən azı {gap} bənd, hər tərəfdən {n}+ səs",
        "why_bridging": "ən zəif qrup {share}",
        "too_early": "Hələ tezdir: {n} fikir üzrə hansısa tərəf {min} səsdən az verib.",
        "needs": "Bir fikrin hər tərəfdən ehtiyac duyduğu ən az əlavə səs: {needs}.",
        "none": "Hələ yoxdur.",
        "more": "… və daha {n}.",
        "reason": "Səbəb",
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
        "common_rule": (
            "Յուրաքանչյուր կողմ դրույթի վերաբերյալ տվել է առնվազն {min} ձայն, և յուրաքանչյուր կողմի "
            "համաձայնության {cred} վստահելի միջակայքի ստորին սահմանը առնվազն {low} է։"
        ),
        "divides_rule": (
            "Յուրաքանչյուր կողմ դրույթի վերաբերյալ տվել է առնվազն {min} ձայն, և երկու կողմերի "
            "համաձայնության տարբերության {cred} վստահելի միջակայքի ստորին սահմանը առնվազն {gap} "
            "տոկոսային կետ է։"
        ),
        "bridging": "Կամրջող դրույթներ",
        "bridging_rule": (
            "Դրանց աջակցում է յուրաքանչյուր կողմի ներսում կարծիքների յուրաքանչյուր խմբի "
            "մեծամասնությունը, և կամրջող մոդելը դրանք գնահատում է միջին դրույթից բարձր։ Դրանց կարգը "
            "որոշում է ամենաքիչ աջակցող խումբը։"
        ),
        "why_common": "յուրաքանչյուր կողմ՝ առնվազն {low}, յուրաքանչյուրից {n}+ ձայն",
        "why_divide": "տարբերությունը՝ առնվազն {gap} կետ, յուրաքանչյուր կողմից {n}+ ձայն",
        "why_bridging": "ամենաթույլ խումբը՝ {share}",
        "too_early": "Դեռ վաղ է եզրակացնել։ {n} դրույթի վերաբերյալ որևէ կողմ տվել է {min}-ից պակաս ձայն։",
        "needs": "Մեկ դրույթին յուրաքանչյուր կողմից անհրաժեշտ նվազագույն լրացուցիչ ձայները՝ {needs}։",
        "none": "Դեռ չկան։",
        "more": "… և ևս {n}։",
        "reason": "Պատճառը",
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
        "common_rule": (
            "Каждая сторона отдала по высказыванию не менее {min} голосов, и нижняя граница "
            "доверительного интервала {cred} для согласия каждой стороны не ниже {low}."
        ),
        "divides_rule": (
            "Каждая сторона отдала по высказыванию не менее {min} голосов, и нижняя граница "
            "доверительного интервала {cred} для разницы в согласии двух сторон не меньше {gap} "
            "процентных пунктов."
        ),
        "bridging": "Объединяющие высказывания",
        "bridging_rule": (
            "Их поддерживает большинство каждой группы мнений внутри каждой стороны, и объединяющая "
            "модель оценивает их выше среднего высказывания; порядок задаёт наименее согласная группа."
        ),
        "why_common": "каждая сторона не ниже {low}, от каждой {n}+ голосов",
        "why_divide": "разница не меньше {gap} п. п., от каждой стороны {n}+ голосов",
        "why_bridging": "слабейшая группа: {share}",
        "too_early": "Пока рано судить: по {n} высказываниям какая-то сторона отдала меньше {min} голосов.",
        "needs": "Наименьшее число дополнительных голосов от каждой стороны, нужное одному высказыванию: {needs}.",
        "none": "Пока нет.",
        "more": "… и ещё {n}.",
        "reason": "Почему",
    },
}


def percent(fraction: float, language: str) -> str:
    """FRACTION as a whole percentage, as LANGUAGE writes it (CLDR: a no-break space before % in Russian)."""
    value = round(100 * fraction)
    return f"{value}\u00a0%" if language == "ru" else f"{value}%"
