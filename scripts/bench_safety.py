"""Benchmark the IG, privacy and review checks, and the site scan for officers' names.

Usage: ``.venv/bin/python scripts/bench_safety.py`` (after ``make build``, so that
``site/`` exists for the scan; without it the scan is skipped).

Prints the median time of ``placements check`` (every rule), of each check this project
adds for information governance, and of the scan the build runs over the staged site
before publishing (target: each check under 100 ms and the scan under 1 s on the shipped
content, so they never make the build or the preview noticeably slower).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from placements.build import Project, check
from placements.content import load_or_raise
from placements.ig import check_ig
from placements.paths import check_output_names
from placements.privacy import check_roster_in_published, roster_in_folder, roster_names
from placements.review import check_reviews

REPO = Path(__file__).resolve().parent.parent


def median_ms(work: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls of ``work``, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    content = load_or_raise(REPO / "content", display_root=REPO)
    print(f"placements check, every rule: {median_ms(lambda: check(Project(REPO)), 10):8.1f} ms")
    for name, rule in [
        ("IG check", check_ig),
        ("officers' names in published text", check_roster_in_published),
        ("output file names", check_output_names),
        ("review dates", check_reviews),
    ]:
        print(f"{name + ':':35}{median_ms(lambda r=rule: list(r(content)), 20):8.2f} ms")
    site = REPO / "site"
    if not site.is_dir():
        print("site/ not built: run make build to time the scan for officers' names")
        return
    files = [p for p in site.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files) / 1e6
    names = roster_names(content)
    took = median_ms(lambda: roster_in_folder(site, names), 5)
    print(f"scan of site/ ({len(files)} files, {size:.1f} MB, {len(names)} names): {took:.1f} ms")


if __name__ == "__main__":
    main()
