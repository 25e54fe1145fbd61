"""The bundle's README and summary in Azerbaijani, Armenian and Russian (pure: no gettext here).

`README.md` and `summary.csv` stay in English, as bundles always had them (Pol.is tools read
`summary.csv`'s keys); each other language of the dialogue gets `README.<code>.md` and
`summary.<code>.csv`, derived from the record like every other file.
"""

from __future__ import annotations

LANGUAGES = ("az", "hy", "ru")


def translated_languages(languages: list[str]) -> list[str]:
    """The dialogue's LANGUAGES that get a README and a summary of their own (all but English)."""
    return [code for code in languages if code in LANGUAGES]


def translated_files(languages: list[str]) -> list[str]:
    """The README and summary of each of LANGUAGES but English, by name."""
    return [name for code in translated_languages(languages) for name in (f"README.{code}.md", f"summary.{code}.csv")]


def is_translated_file(name: str) -> bool:
    """Tell whether NAME is a translated README or summary, which bundles made before them lack."""
    parts = name.split(".")
    return len(parts) == 3 and parts[1] in LANGUAGES and name in (f"README.{parts[1]}.md", f"summary.{parts[1]}.csv")


README: dict[str, dict[str, str]] = {
    "az": {
        "heading": "# Parley dialoqunun açıq məlumatları: `{slug}`",
        "counts": "Qeydiyyatda {entries} yazı, {members} üzv, {statements} fikir, {votes} açıq səs. Tərəflər: {sides}.",
        "entries": "Qeydiyyatda {entries} yazı. Tərəflər: {sides}.",
        "files": "## Fayllar",
        "record.jsonl": "İctimai qeydiyyat: hər sətirdə bir yazı, heşlənmiş kanonik JSON baytları ilə, ardıcıllıqla.",
        "checkpoints.json": "İmzalanmış ağac başlıqları: qeydiyyatın ölçüsü və Merkle kökü, server və hər iki "
        "tərəfin həmsədrləri tərəfindən Ed25519 ilə imzalanmış.",
        "analysis.json": "Son dərc edilmiş təhlil, `analysis.published` yazısının SHA-256 heşinə uyğun.",
        "votes.csv": "Pol.is formatı: qeydiyyat ardıcıllığı ilə hər açıq səs; `vote` 1 razı, -1 razı deyil, 0 bitərəf.",
        "comments.csv": "Pol.is formatı: hər fikir, müəllifinin id-si və son səslərin sayı ilə.",
        "participants-votes.csv": "Pol.is formatı: hər üzv üçün bir sətir, fikir qrupu və hər fikrə son səsi ilə.",
        "summary.csv": "Açar və dəyər sətirləri (ingiliscə): mövzu, dialoq, parametrlər, tərəflər və saylar.",
        "sides.csv": "Hər üzv üçün `participant,side`: `parley analyze` əmrinin `--sides` faylı.",
        "README.md": "Bu faylın ingiliscə mətni.",
        "translations.csv": (
            "Hər fikrin hər dildə cari tərcüməsi, qeydiyyatdakı tərcümə qeydlərinə görə: `provenance` author"
            " (müəllifin öz tərcüməsi), human (`side` tərəfinin tərcüməçisi) və ya machine (`backend`, "
            "`model`, varsa `pivot` dili); `status` proposed, reviewed (digər tərəf qəbul edib), disputed və"
            " ya machine. Geri çəkilmiş mətn boşdur."
        ),
        "openings.jsonl": "Qeydiyyatdakı möhürlənmiş dəyərləri açan məlumatlar: hər dəyər, onun duzu, "
        "və ya hər iki tərəf onu geri götürübsə, yalnız `withdrawn`.",
        "joint_statements.json": "Hər yekun birgə bəyanat: həmsədrlərin imzaladığı kanonik mətn və imzaları.",
        "translated_readme": "Bu faylın {language} dilində mətni.",
        "this_file": "Bu fayl.",
        "translated_summary": "`summary.csv` {language} dilində: açar, izah və dəyər.",
        "batches": "Yalnız səslərin cəmi açıqdır. Səslər {batches} möhürlənmiş paketdə dərc olunur "
        "(`votes.tallied` yazıları); seçici öz qəbzini `parley verify BUNDLE --receipt FILE` ilə yoxlayır.",
        "no_personal": "Bu dialoqda yalnız səslərin cəmi açıqdır, ona görə qeydiyyatda heç kimin fərdi səsi "
        "yoxdur və bu paketdə `votes.csv` və `participants-votes.csv` yoxdur.",
        "hidden": "{hidden} səs yalnız cəmlərin açıq olduğu vaxt verilib; onlar CSV fayllarında yoxdur.",
        "verifying": "## Yoxlama",
        "verify": "Oflayn, verilənlər bazası və şəbəkə olmadan: `parley verify BUNDLE.zip`. O, hər yazının "
        "kanonik və ardıcıl olduğunu, Merkle kökünün hər yoxlama nöqtəsinə uyğun gəldiyini, hər imzanı, hər "
        "CSV faylının qeydiyyatdan irəli gəldiyini və təhlilin təkrar hesablanmasını yoxlayır.",
        "sealed": "Möhürlənmiş dəyərlər `openings.jsonl` faylındakı sətrinə uyğun gəlməli və ya "
        "`text.withdrawn` yazısı ilə geri götürülməlidir.",
        "joints": "Birgə bəyanatlar: yoxlayıcı hər mətnin SHA-256 heşini və hər iki tərəfin həmsədrlərinin "
        "imzalarını yoxlayır.",
    },
    "hy": {
        "heading": "# Parley երկխոսության բաց տվյալներ՝ `{slug}`",
        "counts": "Արձանագրության {entries} գրառում, {members} անդամ, {statements} դրույթ, {votes} բաց ձայն։ "
        "Կողմեր՝ {sides}։",
        "entries": "Արձանագրության {entries} գրառում։ Կողմեր՝ {sides}։",
        "files": "## Ֆայլեր",
        "record.jsonl": "Հանրային արձանագրությունը՝ յուրաքանչյուր տողում մեկ գրառում, հաշված կանոնական JSON "
        "բայթերով, հերթականությամբ։",
        "checkpoints.json": "Ստորագրված ծառի գլխագրեր՝ արձանագրության չափը և Merkle արմատը, Ed25519-ով "
        "ստորագրված սերվերի և երկու կողմերի համանախագահների կողմից։",
        "analysis.json": "Վերջին հրապարակված վերլուծությունը՝ `analysis.published` գրառման SHA-256-ին համապատասխան։",
        "votes.csv": "Pol.is ձևաչափ՝ յուրաքանչյուր բաց ձայն արձանագրության հերթականությամբ; `vote` 1 համաձայն, "
        "-1 համաձայն չէ, 0 բաց թողնված։",
        "comments.csv": "Pol.is ձևաչափ՝ յուրաքանչյուր դրույթ իր հեղինակի id-ով և վերջին ձայների քանակով։",
        "participants-votes.csv": "Pol.is ձևաչափ՝ մեկ տող յուրաքանչյուր անդամի համար՝ կարծիքների խմբով և "
        "յուրաքանչյուր դրույթի վերջին ձայնով։",
        "summary.csv": "Բանալի և արժեք տողեր (անգլերեն)՝ թեմա, երկխոսություն, կարգավորումներ, կողմեր և քանակներ։",
        "sides.csv": "`participant,side` յուրաքանչյուր անդամի համար՝ `parley analyze`-ի `--sides` ֆայլը։",
        "README.md": "Այս ֆայլի անգլերեն տարբերակը։",
        "translations.csv": (
            "Յուրաքանչյուր դրույթի ընթացիկ թարգմանությունն ըստ լեզվի, ինչպես բխում է արձանագրության "
            "թարգմանության գրառումներից՝ `provenance` author (հեղինակի թարգմանություն), human (`side` կողմի "
            "թարգմանիչ) կամ machine (`backend`, `model`, `pivot` լեզու, եթե կա). `status`՝ proposed, "
            "reviewed (ընդունված մյուս կողմի կողմից), disputed կամ machine։ Հետ կանչված տեքստը դատարկ է։"
        ),
        "openings.jsonl": "Արձանագրության կնքված արժեքները բացող տվյալներ՝ յուրաքանչյուր արժեք և նրա աղը, "
        "կամ միայն `withdrawn`, եթե երկու կողմերը այն հետ են կանչել։",
        "joint_statements.json": "Յուրաքանչյուր վերջնական համատեղ հայտարարություն՝ համանախագահների "
        "ստորագրած կանոնական տեքստը և ստորագրությունները։",
        "translated_readme": "Այս ֆայլը՝ {language}։",
        "this_file": "Այս ֆայլը։",
        "translated_summary": "`summary.csv`-ը՝ {language}՝ բանալի, բացատրություն և արժեք։",
        "batches": "Բաց են միայն ձայների ընդհանուր թվերը։ Ձայները հրապարակվում են {batches} կնքված "
        "խմբաքանակով (`votes.tallied` գրառումներ); ընտրողը ստուգում է իր անդորրագիրը "
        "`parley verify BUNDLE --receipt FILE` հրամանով։",
        "no_personal": "Այս երկխոսությունում բաց են միայն ձայների ընդհանուր թվերը, ուստի արձանագրությունում "
        "որևէ մեկի անհատական ձայնը չկա, և այս փաթեթում չկան `votes.csv` և `participants-votes.csv`։",
        "hidden": "{hidden} ձայն տրվել է, երբ բաց էին միայն ընդհանուր թվերը. դրանք CSV ֆայլերում չկան։",
        "verifying": "## Ստուգում",
        "verify": "Առանց ցանցի և տվյալների բազայի՝ `parley verify BUNDLE.zip`։ Այն ստուգում է, որ յուրաքանչյուր "
        "գրառում կանոնական է և հերթականությամբ, որ Merkle արմատը համընկնում է յուրաքանչյուր ստուգակետի հետ, "
        "յուրաքանչյուր ստորագրություն, որ յուրաքանչյուր CSV բխում է արձանագրությունից, և վերահաշվում է "
        "վերլուծությունը։",
        "sealed": "Կնքված արժեքները պետք է համընկնեն `openings.jsonl`-ի իրենց տողի հետ կամ հետ կանչված լինեն "
        "`text.withdrawn` գրառմամբ։",
        "joints": "Համատեղ հայտարարություններ՝ ստուգիչը ստուգում է յուրաքանչյուր տեքստի SHA-256-ը և երկու "
        "կողմերի համանախագահների ստորագրությունները։",
    },
    "ru": {
        "heading": "# Открытые данные диалога Parley `{slug}`",
        "counts": "Записей в журнале: {entries}, участников: {members}, высказываний: {statements}, открытых "
        "голосов: {votes}. Стороны: {sides}.",
        "entries": "Записей в журнале: {entries}. Стороны: {sides}.",
        "files": "## Файлы",
        "record.jsonl": "Публичная запись: по одной записи в строке, ровно те канонические байты JSON, "
        "которые хешировались, по порядку.",
        "checkpoints.json": "Подписанные вершины дерева: размер записи и корень Меркла, подписанные Ed25519 "
        "сервером и сопредседателями обеих сторон.",
        "analysis.json": "Последний опубликованный анализ, соответствующий SHA-256 из записи `analysis.published`.",
        "votes.csv": "Формат Pol.is: каждый открытый голос в порядке записи; `vote` 1 согласен, -1 не согласен, "
        "0 пропуск.",
        "comments.csv": "Формат Pol.is: каждое высказывание с id автора и числом последних голосов.",
        "participants-votes.csv": "Формат Pol.is: по строке на участника, с его группой мнений и последним "
        "голосом по каждому высказыванию.",
        "summary.csv": "Строки «ключ, значение» (по-английски): тема, диалог, настройки, стороны и числа.",
        "sides.csv": "`participant,side` для каждого участника: файл `--sides` для `parley analyze`.",
        "README.md": "Этот файл по-английски.",
        "translations.csv": (
            "Текущий перевод каждого высказывания на каждый язык, как следует из записей о переводах: "
            "`provenance` author (перевод автора), human (переводчик стороны `side`) или machine (`backend`,"
            " `model`, язык-посредник `pivot`, если есть); `status` proposed, reviewed (принят другой "
            "стороной), disputed или machine. Отозванный текст пуст."
        ),
        "openings.jsonl": "То, что раскрывает запечатанные значения записи: каждое значение и его соль или, "
        "если обе стороны изъяли его, только `withdrawn`.",
        "joint_statements.json": "Каждое окончательное совместное заявление: канонический текст, который "
        "подписывают сопредседатели, и их подписи.",
        "translated_readme": "Этот файл на другом языке: {language}.",
        "this_file": "Этот файл.",
        "translated_summary": "`summary.csv` на другом языке ({language}): ключ, пояснение и значение.",
        "batches": "Открыты только итоги голосования. Голоса публикуются {batches} запечатанными пакетами "
        "(записи `votes.tallied`); голосующий проверяет свою квитанцию командой "
        "`parley verify BUNDLE --receipt FILE`.",
        "no_personal": "В этом диалоге открыты только итоги, поэтому в записи нет ничьих личных голосов, а в "
        "этом пакете нет `votes.csv` и `participants-votes.csv`.",
        "hidden": "Голосов, поданных, когда были открыты только итоги: {hidden}; их нет в файлах CSV.",
        "verifying": "## Проверка",
        "verify": "Без сети и базы данных: `parley verify BUNDLE.zip`. Команда проверяет, что каждая запись "
        "канонична и идёт по порядку, что корень Меркла совпадает с каждой контрольной точкой, каждую подпись, "
        "что каждый CSV следует из записи, и заново вычисляет анализ.",
        "sealed": "Запечатанные значения должны совпадать со своей строкой в `openings.jsonl` или быть изъяты "
        "записью `text.withdrawn`.",
        "joints": "Совместные заявления: проверяется SHA-256 каждого текста и подписи сопредседателей обеих сторон.",
    },
}

# summary.<code>.csv: a header, then each summary.csv key with its explanation in the language.
SUMMARY: dict[str, dict[str, str]] = {
    "az": {
        "header": "açar,izah,dəyər",
        "topic": "Mövzu",
        "dialogue": "Dialoq",
        "conversation-description": "Təsvir",
        "languages": "Dillər",
        "status": "Vəziyyət",
        "vote-visibility": "Səslərin açıqlığı",
        "entries": "Qeydiyyat yazıları",
        "participants": "İştirakçılar",
        "voters": "Səs verənlər",
        "commenters": "Fikir yazanlar",
        "comments": "Fikirlər",
        "votes": "Açıq səslər",
        "votes-cast": "Verilmiş səslər",
        "votes-totals-only": "Yalnız cəmi açıq olan səslər",
        "vote-batches": "Səs paketləri",
        "votes-batched": "Paketlərdəki səslər",
        "side": "Tərəf: {name}",
        "side-participants": "{name}: iştirakçılar",
        "side-comments": "{name}: fikirlər",
        "side-votes-totals-only": "{name}: yalnız cəmi açıq olan səslər",
        "comments-visible": "Görünən fikirlər",
        "comments-on-hold": "Dayandırılmış fikirlər",
        "comments-removed": "Silinmiş fikirlər",
        "current-votes": "Cari səslər",
        "side-voters": "{name}: səs verənlər",
        "side-current-votes": "{name}: cari səslər",
        "side-votes": "{name}: verilmiş səslər",
        "groups": "Fikir qrupları",
        "draft": "layihə",
        "open": "açıq",
        "closed": "bağlı",
        "individual": "hər səs təxəllüslə",
        "aggregate": "yalnız cəmlər",
    },
    "hy": {
        "header": "բանալի,բացատրություն,արժեք",
        "topic": "Թեմա",
        "dialogue": "Երկխոսություն",
        "conversation-description": "Նկարագրություն",
        "languages": "Լեզուներ",
        "status": "Կարգավիճակ",
        "vote-visibility": "Ձայների բացությունը",
        "entries": "Արձանագրության գրառումներ",
        "participants": "Մասնակիցներ",
        "voters": "Քվեարկողներ",
        "commenters": "Դրույթների հեղինակներ",
        "comments": "Դրույթներ",
        "votes": "Բաց ձայներ",
        "votes-cast": "Տրված ձայներ",
        "votes-totals-only": "Միայն ընդհանուր թվերով ձայներ",
        "vote-batches": "Ձայների խմբաքանակներ",
        "votes-batched": "Խմբաքանակներում ձայներ",
        "side": "Կողմ՝ {name}",
        "side-participants": "{name}՝ մասնակիցներ",
        "side-comments": "{name}՝ դրույթներ",
        "side-votes-totals-only": "{name}՝ միայն ընդհանուր թվերով ձայներ",
        "comments-visible": "Տեսանելի դրույթներ",
        "comments-on-hold": "Կասեցված դրույթներ",
        "comments-removed": "Հեռացված դրույթներ",
        "current-votes": "Ընթացիկ ձայներ",
        "side-voters": "{name}՝ քվեարկողներ",
        "side-current-votes": "{name}՝ ընթացիկ ձայներ",
        "side-votes": "{name}՝ տրված ձայներ",
        "groups": "Կարծիքների խմբեր",
        "draft": "նախագիծ",
        "open": "բաց",
        "closed": "փակ",
        "individual": "յուրաքանչյուր ձայն՝ կեղծանունով",
        "aggregate": "միայն ընդհանուր թվեր",
    },
    "ru": {
        "header": "ключ,пояснение,значение",
        "topic": "Тема",
        "dialogue": "Диалог",
        "conversation-description": "Описание",
        "languages": "Языки",
        "status": "Состояние",
        "vote-visibility": "Открытость голосов",
        "entries": "Записи журнала",
        "participants": "Участники",
        "voters": "Проголосовавшие",
        "commenters": "Авторы высказываний",
        "comments": "Высказывания",
        "votes": "Открытые голоса",
        "votes-cast": "Поданные голоса",
        "votes-totals-only": "Голоса, открытые только в итогах",
        "vote-batches": "Пакеты голосов",
        "votes-batched": "Голоса в пакетах",
        "side": "Сторона: {name}",
        "side-participants": "{name}: участники",
        "side-comments": "{name}: высказывания",
        "side-votes-totals-only": "{name}: голоса, открытые только в итогах",
        "comments-visible": "Видимые высказывания",
        "comments-on-hold": "Приостановленные высказывания",
        "comments-removed": "Удалённые высказывания",
        "current-votes": "Текущие голоса",
        "side-voters": "{name}: проголосовавшие",
        "side-current-votes": "{name}: текущие голоса",
        "side-votes": "{name}: поданные голоса",
        "groups": "Группы мнений",
        "draft": "черновик",
        "open": "открыт",
        "closed": "закрыт",
        "individual": "каждый голос под псевдонимом",
        "aggregate": "только итоги",
    },
}

# Each language named in each language, for the file list ("Этот файл на другом языке: армянский").
LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "az": {"az": "azərbaycan", "hy": "erməni", "ru": "rus", "en": "ingilis"},
    "hy": {"az": "ադրբեջաներեն", "hy": "հայերեն", "ru": "ռուսերեն", "en": "անգլերեն"},
    "ru": {"az": "азербайджанский", "hy": "армянский", "ru": "русский", "en": "английский"},
}
