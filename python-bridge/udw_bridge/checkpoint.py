"""Checkpoints: everything a run needs to continue exactly where it stopped.

A checkpoint holds the model, optimizer and scheduler state, the epoch (and batch within it, for a
cancel mid-epoch), the early-stopping state, every random generator's state, the model configuration and
what the model was trained on (snapshot id, channels, step, normalisation, classes). Only tensors and
plain Python values are stored, so it loads with ``torch.load(weights_only=True)``: opening a checkpoint
never runs code from it. Written to a temporary name and renamed, so a crash never leaves half a file.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import numpy as np
import torch

from .protocol import BridgeError

FORMAT = "udw-checkpoint-1"


def rng_state() -> dict[str, Any]:
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    version, internal, gauss = random.getstate()
    state: dict[str, Any] = {
        "torch": torch.get_rng_state(),
        "numpy": {"kind": kind, "keys": torch.from_numpy(keys.astype(np.int64)), "pos": int(pos), "has_gauss": int(has_gauss), "cached": float(cached)},
        "python": {"version": version, "internal": list(internal), "gauss": gauss},
    }
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict[str, Any]) -> None:
    torch.set_rng_state(state["torch"])
    n = state["numpy"]
    np.random.set_state((n["kind"], n["keys"].numpy().astype(np.uint32), n["pos"], n["has_gauss"], n["cached"]))
    p = state["python"]
    random.setstate((p["version"], tuple(p["internal"]), p["gauss"]))
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def save(path: Path, payload: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    torch.save({"format": FORMAT, **payload}, tmp)
    os.replace(tmp, path)
    return path


def load(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        raise BridgeError("dataset", f"{path}: checkpoint missing; expected a file written by `udw_bridge train` (checkpoints/last.pt or best.pt)", file=path)
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the same finding for the user
        raise BridgeError("dataset", f"{path}: not a readable checkpoint ({type(exc).__name__}: {exc})", file=path) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BridgeError("dataset", f"{path}: expected a checkpoint of format {FORMAT}, got {data.get('format') if isinstance(data, dict) else type(data).__name__}", file=path)
    return data
