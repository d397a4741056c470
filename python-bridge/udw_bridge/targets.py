"""Gaussian target curves, the heatmap loss, and reading keypoints back off the heatmaps.

A keypoint at fractional sample p becomes the curve exp(-(i - p)^2 / (2 sigma^2)); a class a file has no
label for contributes nothing to the loss (masked), and neither do the padded samples past a file's end.
The depth comes back as the heatmap's peak refined to a fraction of a sample by a soft-argmax over a few
samples either side, and its confidence from the peak's height and how clearly it stands out.
"""

from __future__ import annotations

import numpy as np
import torch
from torch.nn import functional as F


def gaussian_targets(positions: torch.Tensor, length: int, sigma: float) -> torch.Tensor:
    """(batch, classes, length) curves for positions (batch, classes) in samples; NaN rows are all zero."""
    grid = torch.arange(length, dtype=torch.float32, device=positions.device).view(1, 1, -1)
    centre = torch.nan_to_num(positions, nan=-1e6).unsqueeze(-1)
    return torch.exp(-0.5 * ((grid - centre) / sigma) ** 2)


def heatmap_loss(logits: torch.Tensor, positions: torch.Tensor, valid: torch.Tensor, sigma: float, pos_weight: float) -> torch.Tensor:
    """Binary cross-entropy against the Gaussian curves, weighting samples near a keypoint more.

    valid: (batch, length) bool, False on padding. Labelled (file, class) pairs only. The weight keeps the
    few samples near a peak from drowning in the thousands of background samples of a whole stroke.
    """
    target = gaussian_targets(positions, logits.shape[-1], sigma)
    labelled = ~torch.isnan(positions)  # (batch, classes)
    mask = valid.unsqueeze(1) & labelled.unsqueeze(-1)
    weight = (1.0 + pos_weight * target) * mask
    loss = F.binary_cross_entropy_with_logits(logits, target, weight=weight, reduction="sum")
    return loss / mask.sum().clamp(min=1)


def soft_argmax(heat: np.ndarray, centre: int, radius: int) -> float:
    """Fractional position: the heat-weighted mean over centre ± radius (clipped to the curve)."""
    lo, hi = max(0, centre - radius), min(heat.shape[-1], centre + radius + 1)
    window = heat[lo:hi].astype(np.float64)
    window = window - window.min()
    total = window.sum()
    if total <= 0:
        return float(centre)
    return float((np.arange(lo, hi) * window).sum() / total)


def pick_peaks(heat: np.ndarray, sigma: float, length: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Position (samples, fractional) and confidence (0–1) of each class's strongest peak.

    heat: (classes, length) probabilities. Confidence = peak height × prominence over the strongest other
    response further than 3 sigma away: a tall, lone peak is sure; two similar candidates are not.
    """
    if length is not None:
        heat = heat[:, :length]
    classes, n = heat.shape
    positions = np.full(classes, np.nan)
    confidence = np.zeros(classes)
    radius = max(1, int(round(2 * sigma)))
    exclusion = max(1, int(round(3 * sigma)))
    for k in range(classes):
        curve = heat[k]
        if n == 0:
            continue
        peak = int(np.argmax(curve))
        height = float(curve[peak])
        positions[k] = soft_argmax(curve, peak, radius)
        rest = np.concatenate([curve[: max(0, peak - exclusion)], curve[peak + exclusion + 1 :]])
        runner_up = float(rest.max()) if rest.size else 0.0
        prominence = 1.0 - runner_up / height if height > 0 else 0.0
        confidence[k] = max(0.0, min(1.0, height * prominence))
    return positions, confidence
