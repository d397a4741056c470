"""Turning snapshot files into padded tensors, and running a model over files to get keypoint depths."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .augment import Augmentation, augment
from .dataset import Snapshot
from .targets import pick_peaks


@dataclass
class Batch:
    signals: torch.Tensor  # (batch, channels, length), padded with each file's last sample
    positions: torch.Tensor  # (batch, classes) in samples, NaN = not labelled
    valid: torch.Tensor  # (batch, length) bool, False on padding
    lengths: list[int]

    def to(self, device: torch.device) -> "Batch":
        return Batch(self.signals.to(device), self.positions.to(device), self.valid.to(device), self.lengths)


def crop_window(x: np.ndarray, positions: np.ndarray, crop: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A random window of `crop` samples that holds every labelled keypoint when it can (training only)."""
    n = x.shape[-1]
    if crop <= 0 or n <= crop:
        return x, positions
    labelled = positions[~np.isnan(positions)]
    lo, hi = 0, n - crop
    if labelled.size:
        lo = max(lo, int(np.ceil(labelled.max())) - crop + 1)
        hi = min(hi, int(np.floor(labelled.min())))
        if lo > hi:
            lo, hi = 0, n - crop
    start = int(rng.integers(lo, hi + 1))
    moved = positions - start
    moved = np.where((moved >= 0) & (moved <= crop - 1), moved, np.nan)
    return x[:, start : start + crop], moved


def collate(items: list[tuple[np.ndarray, np.ndarray]]) -> Batch:
    lengths = [x.shape[-1] for x, _ in items]
    longest = max(lengths)
    channels = items[0][0].shape[0]
    signals = np.empty((len(items), channels, longest), dtype=np.float32)
    valid = np.zeros((len(items), longest), dtype=bool)
    for i, (x, _) in enumerate(items):
        n = x.shape[-1]
        signals[i, :, :n] = x
        signals[i, :, n:] = x[:, -1:]
        valid[i, :n] = True
    positions = np.stack([p for _, p in items]).astype(np.float32)
    return Batch(torch.from_numpy(signals), torch.from_numpy(positions), torch.from_numpy(valid), lengths)


def training_batch(snapshot: Snapshot, indices: list[int], aug: Augmentation | None, crop: int, rng: np.random.Generator) -> Batch:
    items = []
    for i in indices:
        x, p = snapshot.normalised(i), snapshot.label_samples(i)
        x, p = crop_window(x, p, crop, rng)
        if aug is not None and aug.enabled:
            x, p = augment(x, p, aug, rng)
        items.append((x, p))
    return collate(items)


def evaluation_batch(snapshot: Snapshot, indices: list[int]) -> Batch:
    return collate([(snapshot.normalised(i), snapshot.label_samples(i)) for i in indices])


def chunks(indices: list[int], size: int) -> list[list[int]]:
    return [indices[i : i + size] for i in range(0, len(indices), size)]


@dataclass
class Prediction:
    index: int
    depth_mm: np.ndarray  # (classes,)
    confidence: np.ndarray  # (classes,)


@torch.no_grad()
def predict(model: torch.nn.Module, snapshot: Snapshot, indices: list[int], device: torch.device, batch_size: int, sigma: float) -> list[Prediction]:
    """Whole-file inference: every file at full length, keypoints read off the heatmap peaks."""
    model.eval()
    out: list[Prediction] = []
    for chunk in chunks(indices, batch_size):
        batch = evaluation_batch(snapshot, chunk).to(device)
        heat = torch.sigmoid(model(batch.signals)).cpu().numpy()
        for row, index in enumerate(chunk):
            samples, confidence = pick_peaks(heat[row], sigma, batch.lengths[row])
            out.append(Prediction(index, snapshot.depth_of(index, samples), confidence))
    return out
