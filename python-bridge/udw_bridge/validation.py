"""Validation during training: the heatmap loss and each keypoint's MAE (mm) over whole files, and the
figure that picks the best epoch."""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import torch
from tqdm import tqdm

from .batches import chunks, evaluation_batch
from .dataset import Snapshot
from .protocol import EventSink, step_event
from .targets import heatmap_loss, pick_peaks

STEP_EVENT_INTERVAL_S = 0.25


def validate(model: torch.nn.Module, snapshot: Snapshot, indices: list[int], args: argparse.Namespace, device: torch.device, epoch: int, sink: EventSink, main: bool) -> dict[str, float]:
    """Validation loss and per-class MAE (mm) over whole files."""
    model.eval()
    batches = chunks(indices, args.batch_size)
    if args.dry_run:
        batches = batches[:1]
    loss_sum = 0.0
    errors: list[list[float]] = [[] for _ in snapshot.classes]
    last_emit = 0.0
    with torch.no_grad():
        for step, chunk in enumerate(tqdm(batches, desc=f"epoch {epoch} val", file=sys.stderr, leave=False, disable=not main, dynamic_ncols=True), 1):
            batch = evaluation_batch(snapshot, chunk).to(device)
            logits = model(batch.signals)
            loss = heatmap_loss(logits, batch.positions, batch.valid, args.sigma, args.pos_weight)
            loss_sum += float(loss) * len(chunk)
            heat = torch.sigmoid(logits).cpu().numpy()
            for row, index in enumerate(chunk):
                samples, _ = pick_peaks(heat[row], args.sigma, batch.lengths[row])
                for j, value in enumerate(snapshot.depth_of(index, samples) - snapshot.labels[index]):
                    if np.isfinite(value):
                        errors[j].append(float(value))
            now = time.monotonic()
            if main and (now - last_emit >= STEP_EVENT_INTERVAL_S or step == len(batches)):
                sink.emit(step_event("val", epoch, step, len(batches), float(loss)))
                last_emit = now
    seen = sum(len(c) for c in batches)
    result = {"val/loss": loss_sum / max(1, seen)}
    for cls, e in zip(snapshot.classes, errors):
        if e:
            result[f"val/{cls}_mae_mm"] = float(np.mean(np.abs(e)))
    return result


def selection_value(metrics: dict[str, float], select: str, classes: list[str]) -> float:
    if select == "loss":
        return metrics["val/loss"]
    maes = [metrics[f"val/{c}_mae_mm"] for c in classes if f"val/{c}_mae_mm" in metrics]
    return float(np.mean(maes)) if maes else metrics["val/loss"]
