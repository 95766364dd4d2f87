"""Random-effects meta-analysis of compatible extracted estimates.

Only like is combined with like: the same measure, a compatible outcome, the same
direction of comparison and a known CI level. Ratios (HR, OR, RR, IRR) are pooled on the
log scale with standard errors recovered from their confidence intervals; a 90% CI is
converted with its own z (1.645), not treated as a 95% one. The estimator is
statsmodels' ``combine_effects`` (Paule-Mandel ``iterated`` tau²), never a hand-written
DerSimonian-Laird.

>>> rows = [PoolInput("a", "Trial A", "HR", 0.66, 0.49, 0.88, 95),
...         PoolInput("b", "Trial B", "HR", 1.04, 0.81, 1.34, 95)]
>>> pooled = pool_random_effects(rows, outcome="overall survival", group="randomized")
>>> pooled.k, round(pooled.estimate, 2) < 1.04
(2, True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from consilience.model import ForestRow, PooledEstimate

RATIO_MEASURES = frozenset({"HR", "OR", "RR", "IRR"})
DIFFERENCE_MEASURES = frozenset({"MD", "SMD", "RD"})

# Two-sided normal quantiles for the CI levels papers use.
_Z = {90.0: 1.6448536269514722, 95.0: 1.959963984540054, 99.0: 2.5758293035489004}


@dataclass(frozen=True, slots=True)
class PoolInput:
    """One study's estimate, already oriented as intervention vs comparator."""

    paper_id: str
    label: str
    measure: str
    value: float
    ci_low: float
    ci_high: float
    ci_level: float


def standard_error(
    measure: str, value: float, ci_low: float, ci_high: float, ci_level: float
) -> float | None:
    """The standard error implied by a CI (on the log scale for ratios); None if unusable.

    >>> round(standard_error("HR", 0.66, 0.49, 0.88, 95) or 0, 4)
    0.1494
    """
    z = _Z.get(float(ci_level))
    if z is None or not ci_low < ci_high:
        return None
    if measure in RATIO_MEASURES:
        if min(value, ci_low, ci_high) <= 0:
            return None
        return (math.log(ci_high) - math.log(ci_low)) / (2 * z)
    if measure in DIFFERENCE_MEASURES:
        return (ci_high - ci_low) / (2 * z)
    return None


def can_pool(row: PoolInput) -> bool:
    return standard_error(row.measure, row.value, row.ci_low, row.ci_high, row.ci_level) is not None


def pool_random_effects(rows: Sequence[PoolInput], *, outcome: str, group: str) -> PooledEstimate:
    """Pool two or more compatible estimates (same measure, outcome and orientation)."""
    import numpy as np
    from scipy import stats
    from statsmodels.stats.meta_analysis import combine_effects

    measures = {r.measure for r in rows}
    if len(measures) != 1:
        raise ValueError(f"cannot pool different measures together: {sorted(measures)}")
    if len(rows) < 2:
        raise ValueError("pooling needs at least two estimates")
    measure = measures.pop()
    ratio = measure in RATIO_MEASURES
    ses = [standard_error(r.measure, r.value, r.ci_low, r.ci_high, r.ci_level) for r in rows]
    if any(se is None or se <= 0 for se in ses):
        raise ValueError("every estimate needs a usable CI with a known level")
    effects = np.array([math.log(r.value) if ratio else r.value for r in rows])
    variances = np.array([se * se for se in ses if se is not None])
    # statsmodels divides by Q for I²; with identical studies Q is 0, so silence that
    # warning and compute I² = max(0, (Q - df) / Q) ourselves (Higgins & Thompson 2002).
    with np.errstate(divide="ignore", invalid="ignore"):
        result = combine_effects(effects, variances, method_re="iterated", use_t=False)
    mu = float(result.mean_effect_re)
    se_mu = float(result.sd_eff_w_re)
    tau2 = float(result.tau2)
    z = _Z[95.0]
    low, high = mu - z * se_mu, mu + z * se_mu
    pi_low = pi_high = None
    k = len(rows)
    if k >= 3:
        # Higgins, Thompson & Spiegelhalter (2009): t with k-2 df around mu.
        t = float(stats.t.ppf(0.975, k - 2))
        half = t * math.sqrt(tau2 + se_mu * se_mu)
        pi_low, pi_high = mu - half, mu + half
    q = float(result.q)
    p_het = float(stats.chi2.sf(q, k - 1)) if k > 1 else None
    back = math.exp if ratio else (lambda x: x)
    weights = np.asarray(result.weights_rel_re, dtype=float)
    return PooledEstimate(
        measure=measure,
        outcome=outcome,
        group=group,
        k=k,
        paper_ids=[r.paper_id for r in rows],
        estimate=back(mu),
        ci_low=back(low),
        ci_high=back(high),
        pi_low=back(pi_low) if pi_low is not None else None,
        pi_high=back(pi_high) if pi_high is not None else None,
        tau2=tau2,
        i2=max(0.0, (q - (k - 1)) / q) if q > 0 else 0.0,
        q=q,
        p_heterogeneity=p_het,
        rows=[
            ForestRow(
                paper_id=r.paper_id,
                label=r.label,
                estimate=r.value,
                ci_low=r.ci_low,
                ci_high=r.ci_high,
                weight=float(w),
            )
            for r, w in zip(rows, weights, strict=True)
        ],
    )
