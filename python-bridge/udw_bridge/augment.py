"""Training-time augmentation of one file: noise, gain, offset and a depth shift that moves the labels too.

Works on normalised signals (channels, length) and keypoint positions in samples. Each call draws from the
generator it is given, so a batch's augmentation is reproducible from (seed, epoch, step) alone, which is
what makes a resumed run continue exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Augmentation:
    noise: float = 0.02
    """Standard deviation of added white noise (normalised units)."""
    gain: float = 0.1
    """Per-channel gain drawn from [1 - gain, 1 + gain]."""
    offset: float = 0.05
    """Per-channel offset drawn from [-offset, offset] (normalised units)."""
    shift: int = 100
    """Largest depth shift in samples, either way."""

    @property
    def enabled(self) -> bool:
        return self.noise > 0 or self.gain > 0 or self.offset > 0 or self.shift > 0


def shift_signal(x: np.ndarray, positions: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Move the signal k samples deeper (k > 0) or shallower, repeating the edge sample into the gap.

    The labels move with it; a label pushed off the grid becomes NaN (not labelled) rather than wrong.
    """
    if k == 0:
        return x, positions
    n = x.shape[-1]
    k = max(-(n - 1), min(n - 1, k))
    if k > 0:
        out = np.concatenate([np.repeat(x[:, :1], k, axis=1), x[:, : n - k]], axis=1)
    else:
        out = np.concatenate([x[:, -k:], np.repeat(x[:, -1:], -k, axis=1)], axis=1)
    moved = positions + k
    moved = np.where((moved >= 0) & (moved <= n - 1), moved, np.nan)
    return out, moved


def augment(x: np.ndarray, positions: np.ndarray, aug: Augmentation, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    channels, n = x.shape
    if aug.shift > 0:
        labelled = positions[~np.isnan(positions)]
        # Keep every label on the grid: the shift never pushes a keypoint off either end.
        lo = -aug.shift if labelled.size == 0 else max(-aug.shift, -int(np.floor(labelled.min())))
        hi = aug.shift if labelled.size == 0 else min(aug.shift, int(np.floor(n - 1 - labelled.max())))
        if hi >= lo:
            x, positions = shift_signal(x, positions, int(rng.integers(lo, hi + 1)))
    if aug.gain > 0:
        x = x * rng.uniform(1 - aug.gain, 1 + aug.gain, size=(channels, 1))
    if aug.offset > 0:
        x = x + rng.uniform(-aug.offset, aug.offset, size=(channels, 1))
    if aug.noise > 0:
        x = x + rng.normal(0.0, aug.noise, size=x.shape)
    return x.astype(np.float32), positions
