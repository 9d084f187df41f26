"""Rasch (1PL) calibration by marginal maximum likelihood, with EAP abilities and item fit.

P(correct | theta) = 1 / (1 + exp(-a (theta - b))), theta ~ N(0, 1) integrated by Gauss-Hermite
quadrature; a is fixed at 1 (the Rasch model) or estimated once for all items (`common=True`,
ltm's `rasch(LSAT)`). Missing responses drop out of the likelihood. Partial scores are
dichotomised: full credit is 1, anything less 0 (the Rasch model here is for right/wrong).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, logsumexp

QUADRATURE_POINTS = 21  # ltm's default; the estimates move by < 0.001 with more
MISFIT = (0.7, 1.3)


class CalibrationError(ValueError):
    """The data cannot be calibrated (an item everyone or no one got right, too few takers)."""


@dataclass(frozen=True)
class Calibration:
    items: tuple[str, ...]
    difficulty: np.ndarray
    se: np.ndarray  # standard errors of the difficulties, from the observed information
    discrimination: float
    discrimination_se: float | None
    log_likelihood: float
    infit: np.ndarray  # information-weighted mean square
    outfit: np.ndarray  # unweighted mean square
    ability: np.ndarray  # EAP per taker
    ability_se: np.ndarray  # posterior standard deviation
    iterations: int


def quadrature(points: int = QUADRATURE_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights for the standard normal (probabilists' Hermite)."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(points)
    return nodes, weights / math.sqrt(2 * math.pi)


def dichotomise(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(x, m): x 1 for full credit else 0, m 1 where answered; both as float for matmul."""
    answered = ~np.isnan(scores)
    return np.where(answered & (np.nan_to_num(scores) >= 1.0), 1.0, 0.0), answered.astype(float)


class _Model:
    """The marginal log-likelihood and its gradient in c = a*b (and a when it is free)."""

    def __init__(self, x, m, nodes, weights, common: bool):
        self.x, self.m, self.common = x, m, common
        self.nodes, self.log_w = nodes, np.log(weights)
        self.right = x.sum(axis=0)

    def posterior(self, c: np.ndarray, a: float) -> tuple[np.ndarray, np.ndarray, float]:
        """(posterior weights takers x nodes, P nodes x items, log-likelihood)."""
        logits = a * self.nodes[:, None] - c[None, :]
        p = expit(logits)
        log_p, log_q = -np.logaddexp(0, -logits), -np.logaddexp(0, logits)
        joint = self.x @ log_p.T + (self.m - self.x) @ log_q.T + self.log_w
        marginal = logsumexp(joint, axis=1)
        return np.exp(joint - marginal[:, None]), p, float(marginal.sum())

    def __call__(self, params: np.ndarray) -> tuple[float, np.ndarray]:
        c, a = (params[:-1], params[-1]) if self.common else (params, 1.0)
        post, p, loglik = self.posterior(c, a)
        expected = post.T @ self.m * p  # nodes x items: expected right answers
        grad_c = self.right - expected.sum(axis=0)  # of -loglik
        if not self.common:
            return -loglik, grad_c
        residual = (post.T @ self.x) - expected
        grad_a = -float(self.nodes @ residual.sum(axis=1))
        return -loglik, np.append(grad_c, grad_a)


def _information(model: _Model, c: np.ndarray) -> np.ndarray:
    """Observed information of the fixed-a model in b (= c), exactly (Louis' identity)."""
    post, p, _ = model.posterior(c, 1.0)
    x, m = model.x, model.m
    expected_p = post @ p  # takers x items: E[P_j | responses]
    score = x - m * expected_p  # d loglik / d theta-shift per taker, per item (negated b)
    # -d2 loglik/db2 = sum_i [ E(P(1-P)) m ] - sum_i [ Var(s_i | posterior) ]
    pq = post @ (p * (1 - p))
    info = np.diag((m * pq).sum(axis=0))
    second = np.zeros_like(info)
    for q in range(len(model.nodes)):
        r = m * (x - p[q]) * np.sqrt(post[:, q : q + 1])
        second += r.T @ r
    return info - (second - score.T @ score)


def _fit(x, m, post, p):
    """Infit and outfit mean squares, each residual averaged over the taker's posterior.

    The expectation over the posterior is what fitting at plausible values estimates (TAM's
    approach): under the model both mean squares then have expectation 1. A point estimate
    biases them (EAP shrinks toward the mean: LSAT-6's outfits fall to 0.78; MLE and WLE are
    noisy on short forms), though on short forms misfit is also harder to see this way.
    """
    q = 1 - p
    squared = m * (x - 2 * x * (post @ p) + post @ p**2)  # E[(x - P)^2 | responses]
    variance = m * (post @ (p * q))
    ratio = m * (x * (post @ (q / p)) + (1 - x) * (post @ (p / q)))  # E[(x - P)^2 / PQ]
    return squared.sum(axis=0) / variance.sum(axis=0), ratio.sum(axis=0) / m.sum(axis=0)


def calibrate(items, scores: np.ndarray, common: bool = False, points: int = QUADRATURE_POINTS):
    """Difficulties (with SEs), fit and EAP abilities for a takers x items score matrix."""
    x, m = dichotomise(scores)
    right, seen = x.sum(axis=0), m.sum(axis=0)
    extreme = [items[j] for j in range(len(items)) if right[j] in (0, seen[j])]
    if extreme:
        raise CalibrationError(
            "no difficulty can be estimated for items everyone or no one answered right: "
            + ", ".join(extreme)
        )
    nodes, weights = quadrature(points)
    model = _Model(x, m, nodes, weights, common)
    start = -np.log(right / (seen - right))  # logit of the proportion wrong
    params = np.append(start, 1.0) if common else start
    bounds = [(-15, 15)] * len(start) + ([(0.05, 10)] if common else [])
    result = minimize(
        model,
        params,
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": 500, "ftol": 1e-13, "gtol": 1e-7},
    )
    c, a = (result.x[:-1], float(result.x[-1])) if common else (result.x, 1.0)
    post, p, loglik = model.posterior(c, a)
    b = c / a
    if common:
        se, a_se = _numeric_se(model, result.x, a)
    else:
        se, a_se = np.sqrt(np.diag(np.linalg.inv(_information(model, c)))), None
    ability = post @ nodes
    ability_se = np.sqrt(np.maximum(post @ nodes**2 - ability**2, 0))
    infit, outfit = _fit(x, m, post, p)
    return Calibration(
        tuple(items), b, se, a, a_se, loglik, infit, outfit, ability, ability_se, int(result.nit)
    )


def _numeric_se(model: _Model, params: np.ndarray, a: float):
    """SEs of b and a in the common-discrimination model: a numerical Hessian, delta method."""
    h, k = 1e-5, len(params)
    hessian = np.empty((k, k))
    for j in range(k):
        step = np.zeros(k)
        step[j] = h
        hessian[j] = (model(params + step)[1] - model(params - step)[1]) / (2 * h)
    cov = np.linalg.inv((hessian + hessian.T) / 2)
    c = params[:-1]
    # b = c / a: gradient [1/a on c_j, -c_j/a^2 on a]
    se_b = np.sqrt(
        cov.diagonal()[:-1] / a**2 + c**2 * cov[-1, -1] / a**4 - 2 * c * cov[:-1, -1] / a**3
    )
    return se_b, math.sqrt(cov[-1, -1])
