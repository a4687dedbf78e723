"""`placements import-feedback`: located errors for bad rows, never overwriting, comments kept."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from placements.build import Project
from placements.cli import main
from placements.content import load_or_raise

GOOD = (
    "recommend-placement,met-learning-outcomes,recommend-scheme,inter-professional,one_word,comment,publish_comment\n"
    "yes,yes,no,yes,Useful,Café visits with the team were the best part,yes\n"
    "no,,yes,y,eye-opening,,\n"
)


def _run(project: Project, *args: str):
    return CliRunner().invoke(main, [*args, "--project", str(project.root)])


def _empty_feedback(project: Project) -> Path:
    path = project.content / "cohorts" / "2018-03-pilot.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("\nfeedback:")[0] + "\n", encoding="utf-8")
    return path


def test_import_writes_responses_and_keeps_comments(project: Project, tmp_path: Path) -> None:
    cohort = _empty_feedback(project)
    comments = [
        line.strip()
        for line in cohort.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("#")
    ]
    assert comments
    csv_file = tmp_path / "feedback.csv"
    csv_file.write_text(GOOD, encoding="utf-8")
    result = _run(project, "import-feedback", "2018-03-pilot", str(csv_file))
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in cohort.read_text(encoding="utf-8").splitlines()]
    assert all(c in lines for c in comments)  # every comment survives the round trip
    content = load_or_raise(project.content)
    responses = content.cohorts["2018-03-pilot"].feedback.responses
    assert len(responses) == 2
    assert responses[0].answers["recommend-scheme"] is False and responses[0].publish_comment
    assert responses[0].comment == "Café visits with the team were the best part"
    assert responses[1].answers["met-learning-outcomes"] is None


def test_bad_rows_give_located_errors_and_write_nothing(project: Project, tmp_path: Path) -> None:
    cohort = _empty_feedback(project)
    before = cohort.read_bytes()
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(
        "recommend-placement,officer_name,recommend-scheme\nyes,A. Person,maybe\nyes,x\n",
        encoding="utf-8",
    )
    result = _run(project, "import-feedback", "2018-03-pilot", str(csv_file))
    assert result.exit_code == 2
    assert "bad.csv:1:2: officer_name: unknown column" in result.output
    assert (
        'bad.csv:2:3: recommend-scheme: expected yes, no or an empty cell (got "maybe")'
        in result.output
    )
    assert "bad.csv:3:1: expected 3 cells, found 2" in result.output
    assert cohort.read_bytes() == before


def test_existing_responses_are_not_replaced_without_flag(project: Project, tmp_path: Path) -> None:
    cohort = project.content / "cohorts" / "2018-03-pilot.yaml"
    before = cohort.read_bytes()
    csv_file = tmp_path / "feedback.csv"
    csv_file.write_text(GOOD, encoding="utf-8")
    result = _run(project, "import-feedback", "2018-03-pilot", str(csv_file))
    assert result.exit_code == 3
    assert "use --replace" in result.output
    assert cohort.read_bytes() == before
    result = _run(project, "import-feedback", "2018-03-pilot", str(csv_file), "--replace")
    assert result.exit_code == 0, result.output
    assert len(load_or_raise(project.content).cohorts["2018-03-pilot"].feedback.responses) == 2


def test_empty_and_header_only_files_are_refused(project: Project, tmp_path: Path) -> None:
    cohort = project.content / "cohorts" / "2018-03-pilot.yaml"
    before = cohort.read_bytes()
    for name, text, expected in [
        ("blank.csv", "\n\n", "blank.csv:1:1: the file is empty"),
        (
            "header.csv",
            "recommend-placement,one_word\n",
            "header.csv:1:1: the file has a header row but no responses",
        ),
    ]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = _run(project, "import-feedback", "2018-03-pilot", str(path), "--replace")
        assert result.exit_code == 2, result.output
        assert expected in result.output
    assert cohort.read_bytes() == before


def test_csv_locations_are_file_lines_and_columns(project: Project, tmp_path: Path) -> None:
    _empty_feedback(project)
    path = tmp_path / "lines.csv"
    path.write_text(
        'Recommend-Placement,comment,comment\nyes,"a comment\nover two lines",x\nmaybe,,\n',
        encoding="utf-8",
    )
    result = _run(project, "import-feedback", "2018-03-pilot", str(path))
    assert result.exit_code == 2
    assert (
        "lines.csv:1:1: Recommend-Placement: unknown column; did you mean 'recommend-placement'?"
        in result.output
    )
    assert "lines.csv:1:3: comment: column given twice (also column 2)" in result.output


def test_replacing_illustrative_responses_marks_them_real(project: Project, tmp_path: Path) -> None:
    csv_file = tmp_path / "feedback.csv"
    csv_file.write_text(GOOD, encoding="utf-8")
    result = _run(project, "import-feedback", "2018-03-pilot", str(csv_file), "--replace")
    assert result.exit_code == 0, result.output
    feedback = load_or_raise(project.content).cohorts["2018-03-pilot"].feedback
    assert feedback.illustrative is False and len(feedback.responses) == 2


def test_one_word_with_spaces_is_located(project: Project, tmp_path: Path) -> None:
    _empty_feedback(project)
    path = tmp_path / "words.csv"
    path.write_text("recommend-placement,one_word\nyes,Aled Pryce\n", encoding="utf-8")
    result = _run(project, "import-feedback", "2018-03-pilot", str(path))
    assert result.exit_code == 2
    assert "words.csv:2:2: one_word: expected a single word without spaces" in result.output


def test_a_planted_link_is_never_written_through(project: Project, tmp_path: Path) -> None:
    """A link planted where the writer used to put its temporary file is never followed
    (found by a security trial: the cohort file was written into the link's target)."""
    _empty_feedback(project)
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file\n", encoding="utf-8")
    planted = project.content / "cohorts" / ".2018-03-pilot.yaml.tmp"
    planted.symlink_to(victim)
    csv_file = tmp_path / "feedback.csv"
    csv_file.write_text(GOOD, encoding="utf-8")
    result = _run(project, "import-feedback", "2018-03-pilot", str(csv_file), "--replace")
    assert result.exit_code == 0, result.output
    assert victim.read_text(encoding="utf-8") == "someone else's file\n"
    assert not (project.content / "cohorts" / "2018-03-pilot.yaml").is_symlink()
    assert "symbolic link" in _run(project, "check").output  # and check names the link


def test_a_linked_cohort_file_is_not_written_through(project: Project, tmp_path: Path) -> None:
    _empty_feedback(project)
    cohort = project.content / "cohorts" / "2018-03-pilot.yaml"
    real = tmp_path / "real.yaml"
    real.write_bytes(cohort.read_bytes())
    cohort.unlink()
    cohort.symlink_to(real)
    before = real.read_bytes()
    csv_file = tmp_path / "feedback.csv"
    csv_file.write_text(GOOD, encoding="utf-8")
    result = _run(project, "import-feedback", "2018-03-pilot", str(csv_file), "--replace")
    assert result.exit_code == 2, result.output
    assert real.read_bytes() == before and cohort.is_symlink()


def test_a_linked_cohorts_folder_is_refused(project: Project, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (project.content / "cohorts").rename(outside)
    (project.content / "cohorts").symlink_to(outside)
    result = _run(project, "check")
    assert result.exit_code == 2 and "symbolic link" in result.output
    result = _run(project, "new-cohort", "2031-01-x", "--start", "2031-01-06")
    assert result.exit_code == 2, result.output
    assert not (outside / "2031-01-x.yaml").exists()
