"""Read a seed-statement CSV file: UTF-8 (with or without a byte-order mark), a header naming its
columns, one statement a row. Checks what the file alone can tell; `queries.read_seed_file` adds
what the dialogue tells (languages in use, duplicates of its statements)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from parley.dialogues.models import LANGUAGE_CODES
from parley.dialogues.validation import clean_statement_text
from parley.errors import ActionError
from parley.lang import normalise_text

MAX_ROWS = 200
MAX_BYTES = 1024 * 1024
LANGUAGE, TEXT, PREFIX = "language", "text", "text_"


@dataclass
class SeedRow:
    """One statement of the file; NUMBER is its row as a spreadsheet numbers it (the header is row 1)."""

    number: int
    language: str
    text: str
    translations: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class SeedFile:
    rows: list[SeedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the whole file

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows) and not any(row.errors for row in self.rows)

    def all_errors(self) -> list[str]:
        """Every problem, those of rows named by row number."""
        found = list(self.errors)
        for row in self.rows:
            found += [_("Row %(row)d: %(problem)s") % {"row": row.number, "problem": e} for e in row.errors]
        return found


def _delimiter(first_line: str) -> str:
    # Spreadsheets in Azerbaijani and Russian settings save CSV with semicolons.
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column name -> position, and the header's problems."""
    columns: dict[str, int] = {}
    errors = []
    for i, cell in enumerate(header):
        name = cell.strip().lower()
        if not name:
            continue
        known = name in (LANGUAGE, TEXT) or (name.startswith(PREFIX) and name[len(PREFIX) :] in LANGUAGE_CODES)
        if not known:
            errors.append(
                _("Unknown column “%(name)s”: the columns are language, text and text_az, text_hy, text_ru, text_en.")
                % {"name": cell.strip()}
            )
        elif name in columns:
            errors.append(_("The column “%(name)s” appears twice.") % {"name": name})
        else:
            columns[name] = i
    for required in (LANGUAGE, TEXT):
        if required not in columns and not errors:
            errors.append(
                _("The first row must name the columns; “%(name)s” is missing. Download the template to see how.")
                % {"name": required}
            )
    return columns, errors


def _row(number: int, cells: list[str], columns: dict[str, int], width: int) -> SeedRow:
    def cell(name: str) -> str:
        i = columns[name]
        return cells[i] if i < len(cells) else ""

    row = SeedRow(number=number, language=cell(LANGUAGE).strip().lower(), text=normalise_text(cell(TEXT)))
    if any(extra.strip() for extra in cells[width:]):
        row.errors.append(_("This row has more cells than the header has columns."))
    try:
        row.text = clean_statement_text(cell(TEXT))
    except ActionError as error:
        row.errors.append(error.message)
    for name in columns:
        if not name.startswith(PREFIX):
            continue
        code, value = name[len(PREFIX) :], normalise_text(cell(name))
        if not value:
            continue
        try:
            row.translations[code] = clean_statement_text(value)
        except ActionError as error:
            row.errors.append(_("Translation (%(code)s): %(problem)s") % {"code": code, "problem": error.message})
    return row


def parse_seed_csv(data: bytes) -> SeedFile:
    """The file's rows and the problems it has on its own (size, encoding, header, cells)."""
    found = SeedFile()
    if len(data) > MAX_BYTES:
        found.errors.append(
            _("The file has %(size)d KiB; at most %(max)d KiB can be added at once: split it.")
            % {"size": -(-len(data) // 1024), "max": MAX_BYTES // 1024}
        )
        return found
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        found.errors.append(_("The file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”."))
        return found
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        found.errors.append(_("The file is empty."))
        return found
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0])))
    except csv.Error as error:
        found.errors.append(_("The file is not readable as CSV: %(problem)s") % {"problem": str(error)})
        return found
    columns, found.errors = _columns(table[0])
    if found.errors:
        return found
    numbered = [(i + 1, cells) for i, cells in enumerate(table) if i > 0 and any(c.strip() for c in cells)]
    if len(numbered) > MAX_ROWS:
        found.errors.append(
            _("The file has %(n)d statements; at most %(max)d can be added at once: split it.")
            % {"n": len(numbered), "max": MAX_ROWS}
        )
        return found
    if not numbered:
        found.errors.append(_("The file has a header but no statements."))
        return found
    found.rows = [_row(number, cells, columns, len(table[0])) for number, cells in numbered]
    return found
