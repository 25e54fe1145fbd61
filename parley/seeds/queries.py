"""A seed-statement file checked against its dialogue, for the preview and before anything is written."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from parley.dialogues.models import Dialogue, Statement, StatementTranslation
from parley.dialogues.queries import language_name
from parley.lang import confusable_key, fold_case
from parley.seeds.csvfile import SeedFile, parse_seed_csv


def statement_key(text: str, language: str) -> str:
    """What two statements are compared by: equal when a reader would take one for the other (case,
    with Azerbaijani I/ı and İ/i, and look-alike letters of any script), after NFC normalisation."""
    return confusable_key(fold_case(text, language))


def _existing_keys(dialogue: Dialogue) -> dict[str, int]:
    """The key of every statement of the dialogue (whatever its status) and of each translation -> its id."""
    keys: dict[str, int] = {}
    for pk, text, language in Statement.objects.filter(dialogue=dialogue).values_list("pk", "text", "language"):
        keys.setdefault(statement_key(text, language), pk)
    translations = StatementTranslation.objects.filter(statement__dialogue=dialogue).exclude(text="")
    for pk, text, language in translations.values_list("statement_id", "text", "language"):
        keys.setdefault(statement_key(text, language), pk)
    return keys


def read_seed_file(dialogue: Dialogue, data: bytes) -> SeedFile:
    """DATA parsed, each row checked against the dialogue: its languages, and duplicates of the
    dialogue's statements (or their translations) and of earlier rows of the file."""
    found = parse_seed_csv(data)
    if found.errors:
        return found
    languages = list(dialogue.languages)
    existing = _existing_keys(dialogue)
    earlier: dict[str, int] = {}
    for row in found.rows:
        if row.language not in languages:
            row.errors.append(
                _("Unknown language “%(code)s”: write one of the dialogue's language codes, %(codes)s.")
                % {"code": row.language, "codes": ", ".join(languages)}
            )
        for code, text in list(row.translations.items()):
            if code == row.language:
                if text != row.text:
                    row.errors.append(
                        _("The original is in %(language)s: leave the column text_%(code)s empty.")
                        % {"language": language_name(code), "code": code}
                    )
                del row.translations[code]
            elif code not in languages:
                row.errors.append(
                    _("The dialogue is not held in %(language)s: leave the column text_%(code)s empty.")
                    % {"language": language_name(code), "code": code}
                )
        if not row.text or row.language not in languages:
            continue
        key = statement_key(row.text, row.language)
        if key in existing:
            row.errors.append(
                _("The dialogue already has this statement (number %(id)d), or one a reader would take for it.")
                % {"id": existing[key]}
            )
        elif key in earlier:
            row.errors.append(_("Row %(row)d has the same statement.") % {"row": earlier[key]})
        else:
            earlier[key] = row.number
    return found


def preview_dict(found: SeedFile, languages: list[str]) -> dict[str, Any]:
    """The preview's rows, each with its translations in the dialogue's language order, and the totals."""
    rows: list[dict[str, Any]] = [
        {
            "number": row.number,
            "language": row.language,
            "language_name": language_name(row.language) if row.language in languages else row.language,
            "text": row.text,
            "lang": row.language if row.language in languages else None,
            "translations": [
                {"code": code, "name": language_name(code), "text": row.translations[code]}
                for code in languages
                if code in row.translations
            ],
            "errors": row.errors,
        }
        for row in found.rows
    ]
    return {
        "ok": found.ok,
        "file_errors": found.errors,
        "rows": rows,
        "n_rows": len(rows),
        "n_bad": sum(1 for row in rows if row["errors"]),
        "n_translations": sum(len(row["translations"]) for row in rows),
    }
