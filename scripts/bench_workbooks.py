"""Benchmark the cohort workbooks: scaling, the cache, and peak memory.

Run from the repository root (after ``make build`` or ``make test`` made ``.venv``)::

    .venv/bin/python scripts/bench_workbooks.py

It works in temporary copies of the project with synthetic cohorts of fictional officers
(names made up from two lists; the shipped pilot cohort is removed), and prints:

1. ``time(workbooks for a cohort of 16) / time(one workbook)`` (target <= 4): each run
   is ``placements.cohorts.render_cohorts`` in a fresh Python process (so each pays the
   same start-up: fonts, CSS), timed around the call, no cache; every PDF is then checked
   to hold all its form fields. Also printed: the same ratio for the whole processes
   (interpreter start and imports included, as a person running a command sees it), the
   CPU seconds of the same work done in one process (``workers=1``), and the ratio with
   both runs in a warm process.
2. ``second placements build / first`` with nothing changed (target <= 0.3): the CLI run
   twice in a project holding 66 officers.
3. Peak memory of the first of those builds (target <= 600 MB): the resident set size
   (RSS) of the ``placements build`` process plus its worker processes, sampled every
   20 ms (this counts pages a forked worker shares with its parent twice), and the same
   sum of proportional set sizes (PSS), which does not.

Capacity: a service hosts at most two officers a week across all cohorts, and there are
six community services and six wards, so one cohort in the same weeks has at most 12
officers. The 16-officer cohort is made possible by raising ``default_capacity`` (and
the services' own ``capacity``) to 3 in its temporary copy; the 66 officers are six
cohorts of 11 with start weeks three weeks apart, with the shipped capacity.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from placements.build import Project

REPO = Path(__file__).resolve().parent.parent
FIRST = ["Alex", "Bea", "Cai", "Dee", "Eli", "Fen", "Gus", "Hal", "Ike", "Jo", "Kit"]
LAST = ["Ashdown", "Brackley", "Cotter", "Dunmore", "Eskett", "Farrow", "Gillam"]
COMMUNITY = [
    "cert",
    "liaison-service",
    "gender-identity-service",
    "early-intervention-in-psychosis",
    "recovery-team-north",
    "single-point-of-access",
]
WARDS = [
    "burbage-ward",
    "stanage-ward",
    "maple-ward",
    "g1-ward",
    "intensive-rehabilitation-service",
    "assessment-and-treatment-service",
]


def make_project(root: Path, cohorts: list[int], capacity: int | None = None) -> Path:
    """Copy the project's inputs to ``root`` with synthetic cohorts of the given sizes."""
    Project(REPO).copy_inputs(root)  # the same inputs the tests copy (overrides/ included)
    for old in (root / "content" / "cohorts").glob("*.yaml"):
        old.unlink()
    if capacity is not None:
        scheme = root / "content" / "scheme.yaml"
        scheme.write_text(
            re.sub(r"default_capacity: \d+", f"default_capacity: {capacity}", scheme.read_text())
        )
        for service in (root / "content" / "services").glob("*.yaml"):
            service.write_text(
                re.sub(r"^capacity: \d+", f"capacity: {capacity}", service.read_text(), flags=re.M)
            )
    start = date(2031, 1, 6)  # a Monday, clear of bank holidays
    n = 0
    for c, size in enumerate(cohorts):
        monday = start + timedelta(weeks=3 * c)
        lines = [
            f"name: Synthetic cohort {c + 1}",
            "induction: {date: %s, start: '09:00', end: '16:30'}" % (monday - timedelta(days=7)),
            f"placement_start: {monday}",
            "reflective_practice: {date: %s, start: '14:00', end: '15:30'}"
            % (monday + timedelta(days=11)),
            "feedback_session: {date: %s, start: '10:00', end: '12:00'}"
            % (monday + timedelta(days=15)),
            "officers:",
        ]
        for i in range(size):
            name = f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}"
            n += 1
            lines += [
                f"  - id: so-{i + 1:02d}",
                f"    name: {name}",
                "    placements:",
                f"      - {{week: 1, service: {COMMUNITY[i % 6]}, buddy: support worker}}",
                f"      - {{week: 2, service: {WARDS[i % 6]}, buddy: staff nurse}}",
            ]
        (root / "content" / "cohorts" / f"synthetic-{c + 1:02d}.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
    return root


_RENDER = """
import json, sys, time
from pathlib import Path
from placements.cohorts import render_cohorts
from placements.content import load_or_raise
root, out, warm, workers = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "warm", sys.argv[4]
workers = int(workers) or None
content = load_or_raise(root / "content")
if warm:
    render_cohorts(content, root / "workbook", out / "warm-up", progress=False, workers=workers)
t, c = time.perf_counter(), time.process_time()
render_cohorts(content, root / "workbook", out / "run", progress=False, workers=workers)
print(json.dumps([time.perf_counter() - t, time.process_time() - c]))
"""


def time_render(
    project: Path, out: Path, warm: bool = False, workers: int = 0
) -> tuple[float, float, float]:
    """Seconds ``render_cohorts`` takes in a fresh process for ``project``.

    Returns ``(wall, CPU, process)``: wall and CPU time around the call, and the wall
    time of the whole process (interpreter start, imports, loading the content, the
    call). ``workers=0`` uses the default pool; CPU seconds are only the whole work's
    when ``workers=1`` (everything in that process).
    """
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _RENDER,
            str(project),
            str(out),
            "warm" if warm else "cold",
            str(workers),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    process = time.perf_counter() - start
    wall, cpu = json.loads(done.stdout.strip().splitlines()[-1])
    return float(wall), float(cpu), process


def check_fields(folder: Path, per_officer: int | None = None) -> tuple[int, int]:
    """Return (PDFs checked, fields per officer); raise if any PDF lacks fields."""
    from pypdf import PdfReader

    officer_pdfs = sorted(p for p in folder.rglob("so-*.pdf"))
    counts = {p: len(PdfReader(p).get_fields() or {}) for p in officer_pdfs}
    expected = per_officer or max(counts.values())
    missing = {p.name: n for p, n in counts.items() if n != expected}
    if missing:
        raise SystemExit(f"form fields missing: {missing} (expected {expected})")
    for combined in folder.rglob("*-all.pdf"):
        officers = len(list(combined.parent.glob("so-*.pdf")))
        n = len(PdfReader(combined).get_fields() or {})
        if n != officers * expected:
            raise SystemExit(f"{combined.name}: {n} fields, expected {officers * expected}")
    return len(counts) + len(list(folder.rglob("*-all.pdf"))), expected


def _tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes of ``pid`` and all its descendants, from /proc.

    RSS counts memory a forked worker still shares with its parent once per process;
    PSS (proportional set size) divides shared pages between the processes sharing them.
    """
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return rss, pss


def timed_build(project: Path) -> tuple[float, int, int]:
    """Run ``placements build`` in ``project``; return (seconds, peak RSS, peak PSS).

    Peaks are of the process tree's sums, sampled every 20 ms, in bytes.
    """
    exe = Path(sys.executable).with_name("placements")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(exe), "build"], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        rss, pss = _tree_memory(proc.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"placements build failed:\n{proc.stderr.read().decode()}")  # type: ignore[union-attr]
    return elapsed, peak_rss, peak_pss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-workbooks-"))
    try:
        one = make_project(tmp / "one", [1], capacity=3)
        sixteen = make_project(tmp / "sixteen", [16], capacity=3)
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        t1, _, p1 = time_render(one, tmp / "out-one")
        t16, _, p16 = time_render(sixteen, tmp / "out-sixteen")
        _, c1, _ = time_render(one, tmp / "cpu-one", workers=1)
        _, c16, _ = time_render(sixteen, tmp / "cpu-sixteen", workers=1)
        pdfs, fields = check_fields(tmp / "out-sixteen" / "run")
        check_fields(tmp / "out-one" / "run", fields)
        (w1, _, _), (w16, _, _) = (
            time_render(one, tmp / "warm-one", warm=True),
            time_render(sixteen, tmp / "warm-sixteen", warm=True),
        )
        print(
            f"one workbook (fresh process):          {t1:6.2f} s wall, {c1:6.2f} s CPU (in-process)"
        )
        print(
            f"cohort of 16 (fresh process):          {t16:6.2f} s wall, {c16:6.2f} s CPU (in-process)"
        )
        print(f"ratio 16 / 1:                          {t16 / t1:6.2f}   (target <= 4)")
        print(f"  whole processes (start, imports, content, render): one {p1:.2f} s,")
        print(f"  sixteen {p16:.2f} s, ratio {p16 / p1:.2f}")
        print(f"  CPU ratio {c16 / c1:.2f}: on two idle cores the wall ratio would be about")
        print(f"  {c16 / 2 / c1:.2f} (CPU of 16, shared by two cores, over CPU of one)")
        print(f"  all {fields} form fields present in each of {pdfs} PDFs of the cohort of 16")
        print(f"  warm process: one {w1:.2f} s, sixteen {w16:.2f} s, ratio {w16 / w1:.2f}")

        big = make_project(tmp / "sixty-six", [11] * 6)
        first, peak, peak_pss = timed_build(big)
        second, _, _ = timed_build(big)
        check_fields(big / "dist" / "cohorts", fields)
        print(f"first build, 66 officers in 6 cohorts: {first:6.2f} s")
        print(f"second build, nothing changed:         {second:6.2f} s")
        print(f"ratio second / first:                  {second / first:6.2f}   (target <= 0.3)")
        print(f"peak RSS of the first build:           {peak / 2**20:6.0f} MB (target <= 600)")
        print(
            f"  (sum over the build and its workers; proportional set size: {peak_pss / 2**20:.0f} MB)"
        )
        print(f"load average after: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        if args.keep:
            print(f"projects kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
