"""Import anonymous feedback responses from a CSV export into a cohort file.

The CSV has a header row. Columns: one per outcome measure id in ``scheme.yaml``
(answers ``yes``/``no``, also ``y``/``n``, ``true``/``false``, ``1``/``0``; empty means not
answered), and optionally ``one_word``, ``comment`` and ``publish_comment`` (yes/no).
A column that could identify an officer (anything else) is refused.

The cohort file is edited with a round-trip YAML library (ruamel.yaml) so its comments and
order are kept; the new text is validated with the project's own reader and model before
it replaces the file atomically. Existing responses are never overwritten unless
``replace`` is set.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .content import validation_problems
from .model import Cohort, FeedbackResponse, Scheme
from .problems import ContentError, OutputExistsError, Problem, quote
from .writing import read_text_nofollow, round_trip_yaml, write_text_atomic
from .yamlio import Document, decode_text, parse_yaml

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
TEXT_COLUMNS = ("one_word", "comment")


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the cohort file written and how many responses it now holds."""

    path: Path
    added: int
    total: int


def read_feedback_csv(
    path: Path, scheme: Scheme, *, display: str | None = None
) -> list[FeedbackResponse]:
    """Read responses from ``path``; raise :class:`ContentError` listing every bad cell.

    Problems are located as ``file.csv:row:column`` (row 1 is the header).
    """
    shown = display or str(path)
    measures = [m.id for m in scheme.outcome_measures]
    allowed = [*measures, *TEXT_COLUMNS, "publish_comment"]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(
            [Problem(shown, 0, 0, "", f"cannot read the file: {exc.strerror}")]
        ) from None
    decoded = Document(shown)
    text = decode_text(raw, decoded)
    if text is None:
        raise ContentError(decoded.problems)
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []
    for row in reader:
        if any(cell.strip() for cell in row):
            rows.append((reader.line_num, row))  # the line the record ends on (1-based)
    if not rows:
        raise ContentError(
            [
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    "the file is empty; expected a header row and one row per response",
                )
            ]
        )
    header_line, header_row = rows[0]
    header = [h.strip() for h in header_row]
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        if name in seen:
            problems.append(
                Problem(
                    shown,
                    header_line,
                    i,
                    name,
                    f"column given twice (also column {seen[name]})",
                    quote(name),
                )
            )
        seen.setdefault(name, i)
        if name in allowed:
            continue
        close = [a for a in allowed if a.lower() == name.lower().replace(" ", "_")]
        if close:
            message = f"unknown column; did you mean {close[0]!r}? (column names are lower case)"
        else:
            message = (
                f"unknown column (allowed: {', '.join(allowed)}); "
                "feedback is anonymous, so no column may identify an officer"
            )
        problems.append(Problem(shown, header_line, i, name, message, quote(name)))
    if len(rows) == 1:
        problems.append(
            Problem(shown, header_line, 1, "", "the file has a header row but no responses")
        )
    responses: list[FeedbackResponse] = []
    for number, row in rows[1:]:
        if len(row) != len(header):
            problems.append(
                Problem(shown, number, 1, "", f"expected {len(header)} cells, found {len(row)}")
            )
            continue
        answers: dict[str, bool | None] = {}
        extra: dict[str, object] = {}
        for col, (name, cell) in enumerate(zip(header, row, strict=True), start=1):
            value = cell.strip()
            if name in measures or name == "publish_comment":
                lowered = value.lower()
                if not value:
                    parsed: bool | None = None
                elif lowered in _YES:
                    parsed = True
                elif lowered in _NO:
                    parsed = False
                else:
                    problems.append(
                        Problem(
                            shown,
                            number,
                            col,
                            name,
                            "expected yes, no or an empty cell",
                            quote(value),
                        )
                    )
                    continue
                if name == "publish_comment":
                    extra[name] = bool(parsed)
                else:
                    answers[name] = parsed
            elif name in TEXT_COLUMNS and value:
                extra[name] = value
        try:
            responses.append(FeedbackResponse.model_validate({"answers": answers, **extra}))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                name = str(err["loc"][0]) if err["loc"] else ""
                col = header.index(name) + 1 if name in header else 1
                message = str(err["msg"]).removeprefix("Value error, ")
                problems.append(Problem(shown, number, col, name, message, quote(err.get("input"))))
    if problems:
        raise ContentError(problems)
    return responses


def import_feedback(
    cohort_file: Path,
    csv_file: Path,
    scheme: Scheme,
    *,
    replace: bool = False,
    display_root: Path | None = None,
) -> ImportResult:
    """Add the CSV's responses to ``cohort_file`` (or replace them with ``replace``).

    Raises:
        ContentError: the CSV or the resulting cohort file has problems; nothing written.
        OutputExistsError: the cohort already has responses and ``replace`` is false.
    """
    shown_csv = str(csv_file if display_root is None else os.path.relpath(csv_file, display_root))
    shown_cohort = str(
        cohort_file if display_root is None else os.path.relpath(cohort_file, display_root)
    )
    responses = read_feedback_csv(csv_file, scheme, display=shown_csv)
    yaml = round_trip_yaml()
    source = read_text_nofollow(cohort_file, within=display_root)
    data = yaml.load(source)
    existing = (data.get("feedback") or {}).get("responses") or []
    if existing and not replace:
        raise OutputExistsError(
            f"{shown_cohort} already has {len(existing)} feedback responses; "
            "use --replace to replace them"
        )
    new = [r.model_dump(exclude_defaults=True, exclude_none=True) for r in responses]
    if data.get("feedback") is None:
        data["feedback"] = {"illustrative": False, "responses": new}
    else:
        data["feedback"]["illustrative"] = False  # imported responses are real ones
        data["feedback"]["responses"] = new
    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue()
    doc = parse_yaml(text, Document(shown_cohort))
    problems = [p for p in doc.problems]
    if not problems:
        try:
            Cohort.model_validate(doc.data)
        except Exception as exc:  # pydantic ValidationError
            problems = validation_problems(exc, doc, Cohort)  # type: ignore[arg-type]
    if problems:
        raise ContentError(problems)
    write_text_atomic(cohort_file, text, within=display_root)
    return ImportResult(cohort_file, len(new), len(new))
