"""Benchmark the allocation planner: 66 officers in four overlapping cohorts, 12 services.

Usage: ``.venv/bin/python scripts/bench_planner.py``

Works on a temporary copy of the project: the shipped pilot cohort is removed, four
cohorts of 17, 17, 16 and 16 officers start a week apart (so each cohort's ward week
overlaps the next cohort's community week), and every service's capacity is raised to 3.
Why 3: with the default of 2, six community services take 12 officers a week, fewer than
a 17-officer cohort; the scheme's 66 officers never came at once. Each cohort is planned
in turn (each plan sees the ones before it), written back, and the result is checked
against every rule. Prints the time per cohort and in total (target: under 2 s in total).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from placements.content import load_content
from placements.planner import plan_cohort, plan_yaml
from placements.problems import Severity
from placements.rules import check_rules

REPO = Path(__file__).resolve().parent.parent
SIZES = [17, 17, 16, 16]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "content", root / "content")
        (root / "content" / "cohorts" / "2018-03-pilot.yaml").unlink()
        for path in (root / "content" / "services").glob("*.yaml"):
            text = "\n".join(
                line
                for line in path.read_text(encoding="utf-8").splitlines()
                if not line.startswith("capacity:")
            )
            path.write_text(text + "\ncapacity: 3\n", encoding="utf-8")
        first = date(2027, 3, 1)
        for k, size in enumerate(SIZES):
            start = first + timedelta(weeks=k)
            end = start + timedelta(days=11)
            officers = "".join(
                f"  - id: so-{n:02d}\n    name: Benchmark officer {k}-{n}\n"
                for n in range(1, size + 1)
            )
            (root / "content" / "cohorts" / f"bench-{k}.yaml").write_text(
                f"name: Benchmark cohort {k}\n"
                f"induction: {{date: {start - timedelta(days=7)}, start: '09:00', end: '16:30'}}\n"
                f"placement_start: {start}\n"
                f"reflective_practice: {{date: {end}, start: '14:00', end: '15:30'}}\n"
                f"feedback_session: {{date: {end + timedelta(days=4)}, start: '10:00', end: '12:00'}}\n"
                f"officers:\n{officers}",
                encoding="utf-8",
            )
        total = 0.0
        for k in range(len(SIZES)):
            content, problems = load_content(root / "content")
            assert content is not None, [p.format() for p in problems]
            began = time.perf_counter()
            plan = plan_cohort(content, f"bench-{k}")
            took = time.perf_counter() - began
            total += took
            path = root / "content" / "cohorts" / f"bench-{k}.yaml"
            path.write_text(plan_yaml(path.read_text(encoding="utf-8"), plan), encoding="utf-8")
            print(
                f"cohort bench-{k}: {SIZES[k]} officers, {len(plan.new)} allocations planned in {took:.3f} s"
            )
        content, problems = load_content(root / "content")
        assert content is not None
        errors = [p for p in problems + check_rules(content) if p.severity is Severity.ERROR]
        print(
            f"total: {sum(SIZES)} officers, 4 cohorts, 12 services planned in {total:.3f} s (target < 2 s)"
        )
        print(f"rule errors in the planned content: {len(errors)}")
        return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
