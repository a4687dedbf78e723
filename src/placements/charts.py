"""Charts drawn at build time with matplotlib, as SVG text (no files, no network).

Output is deterministic: the same figures give the same SVG bytes (fixed hash salt,
no date metadata), so builds stay reproducible.
"""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402  (the backend must be chosen first)

from .outcomes import Figures  # noqa: E402

NHS_BLUE = "#005eb8"
TEXT = "#212b32"


def outcomes_chart_svg(figures: Figures, labels: dict[str, str], *, title: str) -> str:
    """Return an SVG bar chart of the share answering yes to each outcome measure.

    Args:
        figures: the figures to draw; measures with no responses are drawn as empty
            bars labelled "no responses".
        labels: outcome measure id -> short label for the axis.
        title: the chart's accessible name (``<title>`` of the SVG, ``aria-label``).

    Returns:
        An ``<svg>`` element (no XML declaration) with ``role="img"``, sized in pt
        (about 460 x 40 per bar).
    """
    plt.rcParams["svg.hashsalt"] = "placements"
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: searchable and scalable
    plt.rcParams["font.family"] = "DejaVu Sans"
    plt.rcParams["text.parse_math"] = False  # "$5 to $10" in a label is text, not maths
    ids = list(figures.shares)
    values = [figures.shares[i].percent or 0 for i in ids]
    fig, ax = plt.subplots(figsize=(6.4, 0.55 * len(ids) + 0.9), dpi=72)
    positions = list(range(len(ids)))[::-1]
    ax.barh(positions, values, color=NHS_BLUE, height=0.6)
    ax.set_yticks(positions, [labels.get(i, i) for i in ids], color=TEXT)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share answering yes (%)", color=TEXT)
    for pos, i in zip(positions, ids, strict=True):
        share = figures.shares[i]
        text = share.label()
        ax.text(min(share.percent or 0, 100) + 1, pos, text, va="center", fontsize=9, color=TEXT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"\n\s*\n", "\n", svg)
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escaped}" ', 1).replace(
        ">", f"><title>{escaped}</title>", 1
    )
