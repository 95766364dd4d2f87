"""Random-effects pooling: like with like, CI levels converted, heterogeneity reported."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from consilience.render.plots import forest_plot
from consilience.synthesize.pool import PoolInput, pool_random_effects, standard_error


def test_standard_error_from_a_90_percent_ci_uses_its_own_z() -> None:
    se95 = standard_error("HR", 0.8, 0.6, 1.0, 95)
    se90 = standard_error("HR", 0.8, 0.6, 1.0, 90)
    assert se95 is not None and se90 is not None
    assert se90 == pytest.approx(se95 * 1.959964 / 1.644854, rel=1e-5)


def test_unknown_ci_level_or_bad_bounds_cannot_be_pooled() -> None:
    assert standard_error("HR", 0.8, 0.6, 1.0, 80) is None
    assert standard_error("HR", 0.8, 1.0, 0.6, 95) is None
    assert standard_error("HR", 0.8, 0.0, 1.0, 95) is None
    assert standard_error("NNT", 4, 2, 9, 95) is None


def test_identical_studies_pool_to_the_same_estimate_with_no_heterogeneity() -> None:
    rows = [PoolInput(str(i), f"S{i}", "OR", 0.5, 0.25, 1.0, 95) for i in range(3)]
    pooled = pool_random_effects(rows, outcome="death", group="randomized")
    assert pooled.estimate == pytest.approx(0.5)
    assert pooled.tau2 == pytest.approx(0.0, abs=1e-9)
    assert pooled.i2 == pytest.approx(0.0, abs=1e-9)
    # Three equal studies: the pooled CI is narrower than each study's by sqrt(3).
    width = math.log(pooled.ci_high) - math.log(pooled.ci_low)
    assert width == pytest.approx((math.log(1.0) - math.log(0.25)) / math.sqrt(3), rel=1e-3)


def test_heterogeneous_trials_widen_the_interval_and_report_i2() -> None:
    rows = [
        PoolInput("a", "A", "HR", 0.66, 0.49, 0.88, 95),
        PoolInput("b", "B", "HR", 1.04, 0.81, 1.34, 95),
        PoolInput("c", "C", "HR", 1.45, 0.75, 2.79, 95),
    ]
    pooled = pool_random_effects(rows, outcome="overall survival", group="randomized")
    assert pooled.i2 > 0.5
    assert pooled.tau2 > 0
    assert pooled.ci_low < 1 < pooled.ci_high
    assert pooled.pi_low is not None and pooled.pi_high is not None
    assert pooled.pi_low < pooled.ci_low and pooled.pi_high > pooled.ci_high
    assert sum(r.weight for r in pooled.rows) == pytest.approx(1.0)


def test_mean_differences_pool_on_the_natural_scale() -> None:
    rows = [PoolInput("a", "A", "MD", -2.0, -3.0, -1.0, 95), PoolInput("b", "B", "MD", -2.0, -4.0, 0.0, 95)]
    pooled = pool_random_effects(rows, outcome="pain", group="randomized")
    assert pooled.estimate == pytest.approx(-2.0)


def test_different_measures_are_refused() -> None:
    rows = [PoolInput("a", "A", "HR", 0.7, 0.5, 0.9, 95), PoolInput("b", "B", "OR", 0.7, 0.5, 0.9, 95)]
    with pytest.raises(ValueError, match="different measures"):
        pool_random_effects(rows, outcome="x", group="randomized")


def test_forest_plot_writes_png_and_svg(tmp_path: Path) -> None:
    rows = [
        PoolInput("a", "A 2018", "HR", 0.66, 0.49, 0.88, 95),
        PoolInput("b", "B 2015", "HR", 1.04, 0.81, 1.34, 95),
    ]
    paths = forest_plot(pool_random_effects(rows, outcome="OS", group="randomized"), tmp_path / "f")
    png, svg = paths
    assert png.read_bytes().startswith(b"\x89PNG")
    assert "A 2018" in svg.read_text()
