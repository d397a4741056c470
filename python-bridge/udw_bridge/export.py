"""`python -m udw_bridge export`: the model as ONNX, verified against PyTorch before it counts.

The graph takes raw signals (batch, channels, length) in the snapshot's units, normalises them inside and
returns heatmaps (batch, classes, length) as probabilities; batch and length are dynamic. Everything a
consumer needs to use it is embedded as metadata_props: one `udw` entry holding the whole description as
JSON, plus the same facts as simple keys. Verification runs every validation file through onnxruntime and
PyTorch; a max abs difference over 1e-4 fails the export (exit 5) and the file is removed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from . import __version__
from .dataset import Snapshot
from .onnx_conv2d import rewrite_conv1d_as_2d
from .protocol import EXIT_OK, BridgeError, EventSink, artifact_event, done_event
from .runtime import load_trained, single_process_start, model_from_checkpoint, seed_everything, set_threads

OPSET = 17
TOLERANCE = 1e-4
INPUT, OUTPUT = "signals", "heatmaps"


class InferenceModel(nn.Module):
    """Raw signals in, heatmap probabilities out: normalisation and sigmoid are part of the exported graph."""

    def __init__(self, model: nn.Module, mean: list[float], std: list[float]) -> None:
        super().__init__()
        self.model = model
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, -1, 1))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(1, -1, 1))

    def forward(self, signals: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.model((signals - self.mean) / self.std))


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--checkpoint", default=None, help="model checkpoint (default: RUN_DIR/checkpoints/best.pt)")
    p.add_argument("--run-dir", default=None, help="run folder: where the checkpoint is and model.onnx goes")
    p.add_argument("--dataset", required=True, help="snapshot whose validation files verify the export")
    p.add_argument("--out", default=None, help="ONNX file to write (default: RUN_DIR/model.onnx)")
    p.add_argument("--opset", type=int, default=OPSET, help="ONNX opset (17 or later)")
    p.add_argument("--tolerance", type=float, default=TOLERANCE, help="largest allowed abs difference between onnxruntime and PyTorch")
    p.add_argument("--fold", type=int, default=None, help="k-fold snapshot: the validation fold")
    p.add_argument("--seed", type=int, default=0, help="seeds Python, numpy and torch")
    p.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="cpu", help="export always traces on the CPU; accepted for a uniform command line")
    p.add_argument("--threads", type=int, default=0, help="CPU threads (0: all cores)")
    p.add_argument("--dry-run", action="store_true", help="verify on one validation file only")


def metadata(ckpt: dict[str, Any]) -> dict[str, Any]:
    data = ckpt["data"]
    return {
        "format": "udw-keypoint-heatmaps-1",
        "input": {"name": INPUT, "shape": ["batch", "channels", "length"], "channels": data["channels"], "units": "the snapshot's channel units, raw"},
        "output": {"name": OUTPUT, "shape": ["batch", "classes", "length"], "classes": data["classes"], "values": "probability per sample"},
        "resampling": {"kind": "depth", "stepMm": data["stepMm"]},
        "normalisation": {"mean": data["mean"], "std": data["std"], "appliedInModel": True},
        "classes": data["classes"],
        "peak": {"method": "argmax then soft-argmax over ±2 sigma", "sigmaSamples": ckpt["sigma"]},
        "snapshotId": data["snapshotId"],
        "runId": ckpt.get("runId"),
        "bridgeVersion": __version__,
        "torch": torch.__version__,
        "modelConfig": ckpt["model_config"],
    }


def compare_outputs(reference: np.ndarray, candidate: np.ndarray, tolerance: float) -> tuple[bool, float]:
    """Whether two outputs agree within tolerance, and their max abs difference (inf on a shape mismatch or NaN)."""
    if reference.shape != candidate.shape:
        return False, float("inf")
    diff = np.abs(reference.astype(np.float64) - candidate.astype(np.float64))
    worst = float(diff.max()) if diff.size else 0.0
    if not np.isfinite(diff).all():
        return False, float("inf")
    return worst <= tolerance, worst


def _onnxruntime():
    try:
        import onnxruntime
    except ImportError as exc:
        raise BridgeError("missing_component", f"onnxruntime is not installed ({exc}); expected it from python-bridge/requirements.txt (pip install -r python-bridge/requirements.txt)") from exc
    return onnxruntime


def verify(path: Path, wrapper: nn.Module, snapshot: Snapshot, indices: list[int], tolerance: float) -> float:
    """Max abs difference over the files; raises export_verification (exit 5) past the tolerance."""
    ort = _onnxruntime()
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    worst = 0.0
    wrapper.eval()
    for i in indices:
        x = snapshot.signals[i][None].astype(np.float32)
        with torch.no_grad():
            reference = wrapper(torch.from_numpy(x)).numpy()
        candidate = session.run([OUTPUT], {INPUT: x})[0]
        ok, diff = compare_outputs(reference, candidate, tolerance)
        worst = max(worst, diff)
        if not ok:
            raise BridgeError("export_verification", f"{path}: onnxruntime differs from PyTorch by {diff:.3g} on {snapshot.files[i].name} (allowed {tolerance:g})", file=path)
    return worst


def export_onnx(model: nn.Module, ckpt: dict[str, Any], out: Path, snapshot: Snapshot, verify_idx: list[int], *, opset: int = OPSET, tolerance: float = TOLERANCE) -> tuple[Path, float]:
    import onnx

    if opset < 17:
        raise BridgeError("usage", f"--opset {opset}: expected 17 or later")
    wrapper = InferenceModel(model.cpu().eval(), ckpt["data"]["mean"], ckpt["data"]["std"]).eval()
    example = torch.from_numpy(snapshot.signals[verify_idx[0] if verify_idx else 0][None].astype(np.float32))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with warnings.catch_warnings():
        # The TorchScript exporter warns about its own deprecation and about traced shape arithmetic,
        # which is exactly what keeps the length dynamic here; verification below is the real check.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapper,
            (example,),
            str(tmp),
            input_names=[INPUT],
            output_names=[OUTPUT],
            opset_version=opset,
            dynamic_axes={INPUT: {0: "batch", 2: "length"}, OUTPUT: {0: "batch", 2: "length"}},
            dynamo=False,
        )
    proto = onnx.load(str(tmp))
    # onnxruntime's CPU kernels for 2-D Conv/ConvTranspose/MaxPool are much faster than its 1-D path
    # (about a quarter less onnxruntime time on the U-Net); the rewrite keeps inputs, outputs and opset,
    # and verification below runs on the rewritten graph.
    rewrite_conv1d_as_2d(proto)
    meta = metadata(ckpt)
    simple = {
        "udw": json.dumps(meta, separators=(",", ":")),
        "input_channels": ",".join(meta["input"]["channels"]),
        "resampling_step_mm": repr(meta["resampling"]["stepMm"]),
        "normalisation_mean": ",".join(repr(v) for v in meta["normalisation"]["mean"]),
        "normalisation_std": ",".join(repr(v) for v in meta["normalisation"]["std"]),
        "classes": ",".join(meta["classes"]),
        "snapshot_id": meta["snapshotId"],
        "run_id": meta["runId"] or "",
        "bridge_version": __version__,
    }
    del proto.metadata_props[:]
    for key, value in simple.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    proto.producer_name = "udw_bridge"
    proto.producer_version = __version__
    onnx.checker.check_model(proto)
    onnx.save(proto, str(tmp))
    try:
        worst = verify(tmp, wrapper, snapshot, verify_idx, tolerance)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(out)
    return out, worst


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export(args: argparse.Namespace, sink: EventSink) -> int:
    started = time.monotonic()
    seed_everything(args.seed)
    set_threads(args.threads)
    ckpt_path, ckpt, snapshot = load_trained("export", args)
    run_dir = Path(args.run_dir) if args.run_dir else ckpt_path.resolve().parent.parent
    out = Path(args.out) if args.out else run_dir / "model.onnx"
    indices = snapshot.split_indices("val", args.fold) or snapshot.split_indices("train", args.fold)
    if args.dry_run:
        indices = indices[:1]
    sink.copy_to(run_dir / "events-export.jsonl")
    sink.emit(single_process_start("export", args, snapshot, "cpu"))
    path, worst = export_onnx(model_from_checkpoint(ckpt), ckpt, out, snapshot, indices, opset=args.opset, tolerance=args.tolerance)
    sink.emit(artifact_event("onnx", path, sha256=sha256(path)))
    sink.emit(done_event("finished", reason=None, best_epoch=None, metrics={"export/max_abs_diff": worst, "export/verified_files": float(len(indices))}, model=str(path), seconds=time.monotonic() - started))
    print(json.dumps({"model": str(path), "maxAbsDiff": worst, "verifiedFiles": len(indices)}), flush=True)
    print(f"exported {path}: verified on {len(indices)} files, max abs difference {worst:.3g}", file=sys.stderr)
    return EXIT_OK


def main(args: argparse.Namespace, sink: EventSink, argv: list[str]) -> int:
    return export(args, sink)
