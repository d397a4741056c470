"""The reference line of the training benchmark: the controller's own triggers replayed on the snapshot.

MDB-MQL's program (DOMAIN §10, mdb-mql-1): step 1 ends on TORQUE_MAX 3 A (entry into titanium = the
CFRP→Ti transition), step 2 on TORQUE_MIN 1 A confirmed over Gap 2 mm (break-through = the exit, reported
where the gap is complete). Replayed on the snapshot's torque_net (which is the logged `I Torque (A)`):

    transition = first depth where torque exceeds 3 A
    exit       = after that, the first depth where torque falls under 1 A and stays under for 2 mm, + 2 mm

Crossings are interpolated linearly between grid samples. The snapshot holds signals resampled to its depth
grid (resampling.stepMm), not the raw samples the controller saw, so this replay carries the resampling's
error too. Prints one JSON object: per keypoint the same figures as evaluation.json, over the chosen split.

    python bench/train/replay_trigger.py SNAPSHOT_DIR [--split val|train|all] [--rise 3] [--drop 1] [--gap 2]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python-bridge"))
from udw_bridge.dataset import load_snapshot  # noqa: E402
from udw_bridge.metrics import keypoint_figures  # noqa: E402


def crossing(depth: np.ndarray, values: np.ndarray, i: int, level: float) -> float:
    """Depth where the line between samples i-1 and i meets level."""
    if i == 0:
        return float(depth[0])
    a, b = values[i - 1], values[i]
    frac = 0.0 if b == a else (level - a) / (b - a)
    return float(depth[i - 1] + min(1.0, max(0.0, frac)) * (depth[i] - depth[i - 1]))


def replay(depth: np.ndarray, torque: np.ndarray, rise: float, drop: float, gap_mm: float) -> tuple[float, float]:
    over = np.flatnonzero(torque > rise)
    if over.size == 0:
        return np.nan, np.nan
    t_index = int(over[0])
    transition = crossing(depth, torque, t_index, rise)
    step = depth[1] - depth[0]
    gap = int(round(gap_mm / step))
    under = torque < drop
    for i in range(t_index + 1, len(torque) - gap + 1):
        if under[i] and under[i : i + gap].all():
            return transition, crossing(depth, torque, i, drop) + gap_mm
    return transition, np.nan


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("snapshot", help="snapshot folder")
    p.add_argument("--split", choices=("val", "train", "all"), default="val", help="files to compare on")
    p.add_argument("--rise", type=float, default=3.0, help="Torque Max of step 1 (A)")
    p.add_argument("--drop", type=float, default=1.0, help="Torque Min of step 2 (A)")
    p.add_argument("--gap", type=float, default=2.0, help="Gap of step 2 (mm)")
    args = p.parse_args()
    snap = load_snapshot(args.snapshot)
    channel = snap.channels.index("torque_net")
    classes = snap.classes
    rows = snap.split_indices(args.split)
    errors = {c: [] for c in ("cfrp_ti_transition", "exit") if c in classes}
    for i in rows:
        f = snap.files[i]
        depth = f.depth_start_mm + np.arange(f.length) * snap.step_mm
        transition, exit_ = replay(depth, snap.signals[i][channel].astype(np.float64), args.rise, args.drop, args.gap)
        for cls, value in (("cfrp_ti_transition", transition), ("exit", exit_)):
            if cls in errors:
                errors[cls].append(value - snap.labels[i, classes.index(cls)])
    print(json.dumps({"split": args.split, "files": len(rows), "resampledStepMm": snap.step_mm, "keypoints": {c: keypoint_figures(np.array(e)) for c, e in errors.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
