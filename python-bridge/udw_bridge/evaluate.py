"""`python -m udw_bridge evaluate`: a trained model's keypoint errors on a snapshot split.

Writes evaluation.json (the Evaluation object of training.contract.ts, plus each file's prediction) and
SVG plots beside the model, i.e. in the run folder.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from .batches import predict
from .dataset import Snapshot
from .metrics import evaluation
from .plots import write_plots
from .protocol import EXIT_OK, BridgeError, EventSink, artifact_event, done_event, metrics_event
from .runtime import load_trained, single_process_start, model_from_checkpoint, resolve_device, seed_everything, set_threads


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dataset", required=True, help="snapshot folder to evaluate on")
    p.add_argument("--checkpoint", default=None, help="model checkpoint (default: RUN_DIR/checkpoints/best.pt)")
    p.add_argument("--run-dir", default=None, help="run folder: where the checkpoint is and evaluation.json goes")
    p.add_argument("--out", default=None, help="folder for evaluation.json and plots (default: the run folder)")
    p.add_argument("--split", choices=("val", "train", "all"), default="val", help="which files to evaluate")
    p.add_argument("--fold", type=int, default=None, help="k-fold snapshot: the validation fold")
    p.add_argument("--batch-size", type=int, default=8, help="files per inference batch")
    p.add_argument("--seed", type=int, default=0, help="seeds Python, numpy and torch (inference is deterministic anyway)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto", help="where to run the model")
    p.add_argument("--threads", type=int, default=0, help="CPU threads (0: all cores)")
    p.add_argument("--dry-run", action="store_true", help="one batch of files only")


def write_evaluation(model: torch.nn.Module, snapshot: Snapshot, indices: list[int], device: torch.device, sigma: float, out: Path, *, split: str, run_id: str | None) -> tuple[dict[str, Any], list[tuple[str, Path]]]:
    """Predict, measure, and write evaluation.json and its plots; returns the evaluation and (kind, path) pairs."""
    preds = predict(model, snapshot, indices, device, 8, sigma)
    labels = snapshot.labels[indices]
    predicted = np.stack([p.depth_mm for p in preds]) if preds else np.zeros((0, len(snapshot.classes)))
    groups = [snapshot.files[i].group for i in indices]
    result = evaluation(snapshot.classes, labels, predicted, groups)
    result.update(
        {
            "snapshotId": snapshot.snapshot_id,
            "runId": run_id,
            "split": split,
            "files": len(indices),
            "classes": snapshot.classes,
            "predictions": [
                {
                    "key": snapshot.files[p.index].key,
                    "name": snapshot.files[p.index].name,
                    "group": snapshot.files[p.index].group,
                    "labels": {c: (None if np.isnan(v) else float(v)) for c, v in zip(snapshot.classes, snapshot.labels[p.index])},
                    "predicted": {c: (None if np.isnan(v) else float(v)) for c, v in zip(snapshot.classes, p.depth_mm)},
                    "confidence": {c: float(v) for c, v in zip(snapshot.classes, p.confidence)},
                }
                for p in preds
            ],
        }
    )
    out.mkdir(parents=True, exist_ok=True)
    path = out / "evaluation.json"
    path.write_text(json.dumps(result, indent=1, allow_nan=False), encoding="utf-8")
    plots = write_plots(out, snapshot.classes, labels, predicted)
    return result, [("evaluation", path)] + [("plot", p) for p in plots]


def evaluate(args: argparse.Namespace, sink: EventSink) -> int:
    started = time.monotonic()
    seed_everything(args.seed)
    set_threads(args.threads)
    ckpt_path, ckpt, snapshot = load_trained("evaluate", args)
    out = Path(args.out or args.run_dir or ckpt_path.resolve().parent.parent)
    device = resolve_device(args.device)
    snapshot.normalisation = {"mean": ckpt["data"]["mean"], "std": ckpt["data"]["std"]}
    indices = snapshot.split_indices(args.split, args.fold)
    if not indices:
        raise BridgeError("dataset", f"{snapshot.root / 'manifest.json'}: split '{args.split}' has no files", file=snapshot.root / "manifest.json")
    if args.dry_run:
        indices = indices[: args.batch_size]
    sink.copy_to(out / "events-evaluate.jsonl")
    sink.emit(single_process_start("evaluate", args, snapshot, str(device)))
    model = model_from_checkpoint(ckpt).to(device)
    result, paths = write_evaluation(model, snapshot, indices, device, float(ckpt["sigma"]), out, split=args.split, run_id=ckpt.get("runId"))
    for kind, path in paths:
        sink.emit(artifact_event(kind, path))
    figures = {f"{args.split}/{cls}_mae_mm": fig["mae"] for cls, fig in result["keypoints"].items() if fig["mae"] is not None}
    sink.emit(metrics_event(None, figures))
    sink.emit(done_event("finished", reason=None, best_epoch=None, metrics=figures, model=None, seconds=time.monotonic() - started))
    print(json.dumps({"evaluation": str(out / "evaluation.json"), "keypoints": result["keypoints"], "gripCodeExact": result["gripCodeExact"]}), flush=True)
    for cls, fig in result["keypoints"].items():
        if fig["n"]:
            print(f"{cls}: n {fig['n']}  MAE {fig['mae']:.4f} mm  p95 {fig['p95']:.4f}  max {fig['max']:.4f}  within ±0.25 {fig['within025']:.1%}", file=sys.stderr)
    return EXIT_OK


def main(args: argparse.Namespace, sink: EventSink, argv: list[str]) -> int:
    return evaluate(args, sink)
