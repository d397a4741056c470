"""Two workers under torchrun (gloo on CPU) through `train --nproc 2`: DDP trains, rank 0 alone reports."""

from __future__ import annotations

from pathlib import Path

import torch

from conftest import TINY, run_bridge


def test_train_with_two_gloo_workers(snapshot: Path, tmp_path: Path):
    out = tmp_path / "ddp"
    result = run_bridge("train", "--dataset", str(snapshot), "--out", str(out), "--epochs", "2", "--patience", "0", "--nproc", "2", "--no-export", *TINY, timeout=400)
    assert result.returncode == 0, result.stderr[-4000:]
    starts = result.of("start")
    # One start and one event per epoch: only rank 0 writes, relayed by the launcher to its own channel.
    assert len(starts) == 1 and starts[0]["world"] == {"size": 2, "rank": 0, "backend": "gloo"}
    # 8 training files over 2 workers with batch 4: one batch each per epoch.
    assert [e["epoch"] for e in result.of("epoch")] == [1, 2]
    assert result.of("step")[0]["steps"] == 1
    assert result.of("done")[-1]["status"] == "finished"
    saved = torch.load(out / "checkpoints" / "last.pt", map_location="cpu", weights_only=True)
    assert saved["state"]["epoch"] == 2 and not any(k.startswith("module.") for k in saved["model"])
