"""A tiny dataset snapshot in the format of src/shared/training/manifest.ts, written with numpy alone.

Each file is a synthetic drilling stroke on a 0.02 mm grid: thrust and torque near zero in the air, a
CFRP level after the entry, a higher titanium level after the transition, and a fall back to near zero at
the exit, with noise and a little per-file variation. The keypoints are known exactly, so a model trained
on a few of them must find them in the others.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

CLASSES = ["entry", "cfrp_ti_transition", "exit"]
CHANNELS = ["torque_net", "thrust_net"]
STEP_MM = 0.02


def _stroke(rng: np.random.Generator, length: int) -> tuple[np.ndarray, dict[str, float]]:
    depth = np.arange(length) * STEP_MM
    entry = rng.uniform(0.15, 0.25) * length * STEP_MM
    transition = entry + rng.uniform(0.25, 0.3) * length * STEP_MM
    exit_ = transition + rng.uniform(0.2, 0.25) * length * STEP_MM

    def ramp(at: float, width: float = 0.06) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(depth - at) / width))

    cfrp, ti = rng.uniform(1.5, 2.5), rng.uniform(4.0, 6.0)
    torque = cfrp * ramp(entry) + (ti - cfrp) * ramp(transition) - ti * ramp(exit_)
    thrust = 0.8 * cfrp * ramp(entry) + 0.5 * (ti - cfrp) * ramp(transition) - (0.8 * cfrp + 0.5 * (ti - cfrp)) * ramp(exit_)
    signals = np.stack([torque, thrust]) + rng.normal(0, 0.05, size=(2, length))
    return signals.astype(np.float32), {"entry": float(entry), "cfrp_ti_transition": float(transition), "exit": float(exit_)}


def write_snapshot(root: Path, *, files: int = 12, val: int = 4, length: int = 256, seed: int = 0, missing_entry: int = 1) -> Path:
    """files strokes, the last `val` of them in validation; `missing_entry` training files lack an entry label."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "signals").mkdir(exist_ok=True)
    entries, all_signals, labels = [], [], []
    for i in range(files):
        n = length + int(rng.integers(-16, 17))
        signals, keypoints = _stroke(rng, n)
        if i < missing_entry:
            del keypoints["entry"]
        key = hashlib.sha256(f"fixture-{seed}-{i}".encode()).hexdigest()[:16]
        path = root / "signals" / f"{key}.npy"
        np.save(path, signals)
        all_signals.append(signals)
        labels.append([keypoints.get(c, np.nan) for c in CLASSES])
        split = "val" if i >= files - val else "train"
        entries.append(
            {
                "key": key,
                "fileId": i + 1,
                "path": f"/fixture/hole_{i:03d}.xls",
                "name": f"hole_{i:03d}.xls",
                "sourceHash": hashlib.sha256(key.encode()).hexdigest(),
                "head": "H1",
                "globalCounter": 100 + i,
                "group": f"counter:{(100 + i) // 4}",
                "split": split,
                "fold": None,
                "length": n,
                "depthStartMm": 0.0,
                "signal": f"signals/{key}.npy",
                "signalSha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "labels": keypoints,
            }
        )
    np.save(root / "labels.npy", np.array(labels, dtype=np.float64))
    train = np.concatenate([s for s, e in zip(all_signals, entries) if e["split"] == "train"], axis=1)
    manifest = {
        "schemaVersion": 1,
        "snapshotId": hashlib.sha256(json.dumps(entries, sort_keys=True).encode()).hexdigest(),
        "created": {"at": "2026-01-01T00:00:00Z", "by": "python-bridge tests", "app": "0.1.0", "catalog": "fixture"},
        "channels": CHANNELS,
        "resampling": {"kind": "depth", "stepMm": STEP_MM},
        "normalisation": {"mean": train.mean(axis=1).tolist(), "std": train.std(axis=1).tolist()},
        "classes": CLASSES,
        "selection": {"sources": ["stepcode"], "minClasses": 1, "folder": None},
        "split": {"groupBy": "counter-block:4", "valFraction": val / files, "valOrder": "latest", "folds": None, "seed": seed},
        "labelSetHash": hashlib.sha256(json.dumps(labels).encode()).hexdigest(),
        "arrays": {"labels": "labels.npy"},
        "files": entries,
        "excluded": [],
        "counts": {"files": files, "train": files - val, "val": val, "groups": len({e["group"] for e in entries}), "labels": {c: sum(c in e["labels"] for e in entries) for c in CLASSES}},
    }
    (root / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return root
