"""Keypoint error figures, named exactly as KeypointEvaluation / Evaluation in
src/shared/api/training.contract.ts, and the grip code of DOMAIN §12.1."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

GRIP_UNIT_MM = 1.5875  # 1/16 inch


def keypoint_figures(errors: np.ndarray) -> dict[str, Any]:
    """errors = predicted − labelled (mm) of the files that have the label; NaN entries are dropped."""
    e = np.asarray(errors, dtype=np.float64)
    e = e[np.isfinite(e)]
    if e.size == 0:
        return {"n": 0, "mae": None, "rmse": None, "median": None, "p95": None, "max": None, "bias": None, "within025": None, "within05": None, "within1": None}
    a = np.abs(e)
    return {
        "n": int(e.size),
        "mae": float(a.mean()),
        "rmse": float(math.sqrt(float((e**2).mean()))),
        "median": float(np.median(a)),
        "p95": float(np.percentile(a, 95)),
        "max": float(a.max()),
        "bias": float(e.mean()),
        # A small epsilon: an error of exactly 0.25 mm on the grid counts as within ±0.25 mm.
        "within025": float((a <= 0.25 + 1e-9).mean()),
        "within05": float((a <= 0.5 + 1e-9).mean()),
        "within1": float((a <= 1.0 + 1e-9).mean()),
    }


def grip_code(depth_mm: np.ndarray) -> np.ndarray:
    return np.floor(np.asarray(depth_mm) / GRIP_UNIT_MM) + 1


def grip_code_exact(classes: list[str], labels: np.ndarray, predicted: np.ndarray) -> float | None:
    """Share of files whose grip code (from depth = exit − entry) is right; only where both are labelled."""
    if "entry" not in classes or "exit" not in classes:
        return None
    e, x = classes.index("entry"), classes.index("exit")
    both = np.isfinite(labels[:, e]) & np.isfinite(labels[:, x]) & np.isfinite(predicted[:, e]) & np.isfinite(predicted[:, x])
    if not both.any():
        return None
    truth = grip_code(labels[both, x] - labels[both, e])
    guess = grip_code(predicted[both, x] - predicted[both, e])
    return float((truth == guess).mean())


def evaluation(classes: list[str], labels: np.ndarray, predicted: np.ndarray, groups: list[str]) -> dict[str, Any]:
    """The Evaluation object: per keypoint, the grip-code rate, and per group."""
    errors = predicted - labels
    result: dict[str, Any] = {
        "keypoints": {cls: keypoint_figures(errors[:, j]) for j, cls in enumerate(classes)},
        "gripCodeExact": grip_code_exact(classes, labels, predicted),
        "groups": {},
    }
    for group in sorted(set(groups)):
        rows = np.array([g == group for g in groups])
        result["groups"][group] = {cls: keypoint_figures(errors[rows, j]) for j, cls in enumerate(classes)}
    return result
