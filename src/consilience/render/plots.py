"""Forest plots of pooled estimates, as PNG and SVG (matplotlib, imported lazily).

>>> from consilience.synthesize.pool import PoolInput, pool_random_effects
>>> import tempfile, pathlib
>>> pooled = pool_random_effects([PoolInput("a", "Trial A 2018", "HR", 0.66, 0.49, 0.88, 95),
...     PoolInput("b", "Trial B 2015", "HR", 1.04, 0.81, 1.34, 95)], outcome="overall survival",
...     group="randomized")
>>> out = pathlib.Path(tempfile.mkdtemp()) / "forest"
>>> sorted(p.suffix for p in forest_plot(pooled, out))
['.png', '.svg']
"""

from __future__ import annotations

from pathlib import Path

from consilience.model import PooledEstimate
from consilience.synthesize.pool import RATIO_MEASURES


def forest_plot(pooled: PooledEstimate, out_stem: str | Path, *, title: str = "") -> list[Path]:
    """Draw one forest plot; writes ``<out_stem>.png`` and ``<out_stem>.svg``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ratio = pooled.measure in RATIO_MEASURES
    rows = pooled.rows
    n = len(rows)
    height = 1.2 + 0.42 * (n + 2)
    fig, ax = plt.subplots(figsize=(8.0, height), dpi=120)
    try:
        ys = list(range(n + 1, 1, -1))
        for y, row in zip(ys, rows, strict=True):
            ax.plot([row.ci_low, row.ci_high], [y, y], color="#1f3b5c", linewidth=1.4)
            size = 30 + 220 * row.weight
            ax.scatter([row.estimate], [y], s=size, marker="s", color="#1f3b5c", zorder=3)
        diamond_x = [pooled.ci_low, pooled.estimate, pooled.ci_high, pooled.estimate]
        diamond_y = [0.9, 1.15, 0.9, 0.65]
        ax.fill(diamond_x, diamond_y, color="#b8462e", zorder=3)
        lows = [r.ci_low for r in rows] + [pooled.ci_low]
        highs = [r.ci_high for r in rows] + [pooled.ci_high]
        if ratio:
            left, right = min(lows) / 1.25, max(highs) * 1.25
        else:
            pad = 0.1 * (max(highs) - min(lows) or 1.0)
            left, right = min(lows) - pad, max(highs) + pad
        if pooled.pi_low is not None and pooled.pi_high is not None:
            # The prediction interval is often far wider than the studies; clip it to the axis.
            ax.plot(
                [max(pooled.pi_low, left), min(pooled.pi_high, right)],
                [0.9, 0.9],
                color="#b8462e",
                linewidth=0.8,
                linestyle=":",
            )
        ax.set_xlim(left, right)
        ax.axvline(1.0 if ratio else 0.0, color="#777777", linewidth=0.8, linestyle="--")
        if ratio:
            from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, NullLocator

            ax.set_xscale("log")
            ticks = [t for t in (0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10) if left <= t <= right]
            ax.xaxis.set_major_locator(FixedLocator(ticks))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
            ax.xaxis.set_minor_locator(NullLocator())
            ax.xaxis.set_minor_formatter(NullFormatter())
        labels = [r.label for r in rows] + [f"Random effects (k={pooled.k})"]
        ax.set_yticks([*ys, 0.9])
        ax.set_yticklabels(labels, fontsize=9)
        ax.set_ylim(0.2, n + 1.8)
        ax.set_xlabel(f"{pooled.measure} ({pooled.outcome})", fontsize=9)
        summary = (
            f"{pooled.measure} {pooled.estimate:.2f} (95% CI {pooled.ci_low:.2f}-{pooled.ci_high:.2f}); "
            f"I² {100 * pooled.i2:.0f}%, tau² {pooled.tau2:.3f}"
        )
        ax.set_title(title or f"{pooled.group.capitalize()} studies: {summary}", fontsize=9, loc="left")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        stem = Path(out_stem)
        stem.parent.mkdir(parents=True, exist_ok=True)
        paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
        for path in paths:
            fig.savefig(path, metadata={"Date": None} if path.suffix == ".svg" else None)
    finally:
        plt.close(fig)
    return paths
