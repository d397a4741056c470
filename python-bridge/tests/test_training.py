"""A short real training on the tiny snapshot: it learns, resumes exactly, and checkpoints on SIGTERM."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import torch

from conftest import TINY, run_bridge, start_bridge
from udw_bridge.protocol import EXIT_CANCELLED


def test_training_reduces_the_loss_and_finds_the_keypoints(trained_run):
    run, result = trained_run
    losses = [e["trainLoss"] for e in result.of("epoch")]
    assert len(losses) == 30
    assert losses[-1] < 0.5 * losses[0]
    evaluation = json.loads((run / "evaluation.json").read_text())
    # The synthetic strokes' keypoints are steps in the signal: a trained model puts them within a few
    # samples (0.02 mm each); an untrained one is off by millimetres.
    for cls in ("entry", "cfrp_ti_transition", "exit"):
        assert evaluation["keypoints"][cls]["n"] == 4
        assert evaluation["keypoints"][cls]["mae"] < 0.15, (cls, evaluation["keypoints"][cls])
    done = result.of("done")[-1]
    assert done["status"] == "finished" and done["bestEpoch"] is not None
    assert done["metrics"]["val/exit_mae_mm"] == evaluation["keypoints"]["exit"]["mae"]
    assert sum(e["best"] for e in result.of("epoch")) >= 2


def _weights(path: Path) -> dict[str, torch.Tensor]:
    return torch.load(path, map_location="cpu", weights_only=True)["model"]


def test_resume_matches_an_uninterrupted_run(snapshot: Path, tmp_path: Path):
    common = ["--dataset", str(snapshot), "--patience", "0", "--seed", "4", "--no-export", *TINY]
    straight = run_bridge("train", "--out", str(tmp_path / "a"), "--epochs", "2", *common)
    part = run_bridge("train", "--out", str(tmp_path / "b"), "--epochs", "1", *common)
    assert straight.returncode == 0 and part.returncode == 0
    # The schedule is defined by --epochs, so the interrupted run is told the full length when resumed.
    rest = run_bridge("train", "--out", str(tmp_path / "b"), "--epochs", "2", "--resume", str(tmp_path / "b" / "checkpoints" / "last.pt"), *common)
    assert rest.returncode == 0, rest.stderr[-3000:]
    assert rest.of("start")[0]["startEpoch"] == 1
    assert [e["epoch"] for e in rest.of("epoch")] == [2]
    a, b = _weights(tmp_path / "a" / "checkpoints" / "last.pt"), _weights(tmp_path / "b" / "checkpoints" / "last.pt")
    assert a.keys() == b.keys()
    assert all(torch.allclose(a[k], b[k], atol=1e-6) for k in a)
    assert straight.of("epoch")[-1]["trainLoss"] == rest.of("epoch")[-1]["trainLoss"]


def test_sigterm_writes_a_checkpoint_and_exits_6_and_resume_goes_on_from_it(snapshot: Path, tmp_path: Path):
    out = tmp_path / "run"
    common = ["--dataset", str(snapshot), "--out", str(out), "--patience", "0", "--no-export", *TINY]
    child, events, reader = start_bridge("train", "--epochs", "500", *common)
    try:
        deadline = time.monotonic() + 240
        while not any(e["type"] == "epoch" for e in events) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert child.poll() is None, "the training ended before it could be cancelled"
        child.send_signal(signal.SIGTERM)
        _, stderr = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    reader.join(timeout=30)
    assert child.returncode == EXIT_CANCELLED, stderr[-3000:]
    cancel = [e for e in events if e["type"] == "checkpoint" and e["kind"] == "cancel"]
    assert len(cancel) == 1 and Path(cancel[0]["path"]) == out / "checkpoints" / "last.pt"
    assert events[-1]["type"] == "done" and events[-1]["status"] == "cancelled"
    saved = torch.load(out / "checkpoints" / "last.pt", map_location="cpu", weights_only=True)
    reached = saved["state"]["epoch"]
    assert reached == cancel[0]["epoch"] >= 1
    resumed = run_bridge("train", "--epochs", str(reached + 1), "--resume", str(out / "checkpoints" / "last.pt"), *common)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert resumed.of("start")[0]["startEpoch"] == reached
    assert [e["epoch"] for e in resumed.of("epoch")] == [reached + 1]
