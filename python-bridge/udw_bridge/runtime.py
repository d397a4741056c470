"""What every command shares: seeding, device choice, CPU threads, and a model back from a checkpoint."""

from __future__ import annotations

import argparse
import os
import random
from pathlib import Path
from typing import Any

import numpy as np
import torch

from . import checkpoint
from .dataset import Snapshot, load_snapshot
from .model import ModelConfig, UNet1d, build_model
from .protocol import BridgeError, start_event

DEVICES = ("auto", "cpu", "cuda", "mps")


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def resolve_device(name: str, local_rank: int = 0) -> torch.device:
    mps = getattr(torch.backends, "mps", None)
    has_mps = bool(mps is not None and mps.is_available())
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "mps" if has_mps else "cpu"
    if name == "cuda":
        if not torch.cuda.is_available():
            raise BridgeError("missing_component", f"--device cuda: this torch {torch.__version__} sees no CUDA device; expected a CUDA build and a GPU (or use --device cpu)")
        return torch.device("cuda", local_rank % torch.cuda.device_count())
    if name == "mps":
        if not has_mps:
            raise BridgeError("missing_component", "--device mps: Metal (MPS) is not available to this torch; expected macOS on Apple silicon (or use --device cpu)")
        return torch.device("mps")
    if name != "cpu":
        raise BridgeError("usage", f"--device {name}: expected one of {', '.join(DEVICES)}")
    return torch.device("cpu")


def set_threads(threads: int, local_world: int = 1) -> int:
    """0 = share the machine's cores between the local workers."""
    if threads <= 0:
        threads = max(1, (os.cpu_count() or 1) // max(1, local_world))
    torch.set_num_threads(threads)
    return threads


def model_from_checkpoint(ckpt: dict[str, Any]) -> UNet1d:
    config = ModelConfig(**ckpt["model_config"])
    model = build_model(config)
    model.load_state_dict(ckpt["model"])
    model.eval()
    return model


def check_compatible(ckpt: dict[str, Any], snapshot: Any, path: str) -> None:
    """A model reads the channels it was trained on, in that order, at its step; nothing else."""
    info = ckpt["data"]
    if list(info["channels"]) != snapshot.channels or list(info["classes"]) != snapshot.classes or abs(float(info["stepMm"]) - snapshot.step_mm) > 1e-12:
        raise BridgeError(
            "dataset",
            f"{path}: trained on channels {info['channels']}, classes {info['classes']}, step {info['stepMm']} mm; "
            f"the snapshot has {snapshot.channels}, {snapshot.classes}, {snapshot.step_mm} mm",
            file=path,
        )


def load_trained(command: str, args: argparse.Namespace) -> tuple[Path, dict[str, Any], Snapshot]:
    """evaluate's and export's common start: the checkpoint (--checkpoint, else RUN_DIR/checkpoints/best.pt),
    the snapshot, and the check that the two belong together."""
    if args.checkpoint is None and args.run_dir is None:
        raise BridgeError("usage", f"{command}: expected --checkpoint PATH or --run-dir RUN (its checkpoints/best.pt)")
    ckpt_path = Path(args.checkpoint) if args.checkpoint else Path(args.run_dir) / "checkpoints" / "best.pt"
    snapshot = load_snapshot(args.dataset)
    ckpt = checkpoint.load(ckpt_path)
    check_compatible(ckpt, snapshot, str(ckpt_path))
    return ckpt_path, ckpt, snapshot


def single_process_start(command: str, args: argparse.Namespace, snapshot: Snapshot, device: str) -> dict[str, Any]:
    """The `start` event of a one-process command on a trained model (evaluate, export): no epochs, rank 0 of 1."""
    return start_event(
        command,
        torch_version=torch.__version__,
        device=device,
        world_size=1,
        rank=0,
        backend=None,
        params={k: v for k, v in vars(args).items() if k != "func"},
        dataset={"snapshotId": snapshot.snapshot_id, "train": len(snapshot.split_indices("train", args.fold)), "val": len(snapshot.split_indices("val", args.fold))},
        epochs=0,
        start_epoch=0,
    )
