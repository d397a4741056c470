"""--dry-run smoke of train, evaluate and export on the tiny snapshot, as real child processes."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import TINY, run_bridge

KEYPOINT_KEYS = {"n", "mae", "rmse", "median", "p95", "max", "bias", "within025", "within05", "within1"}


def test_train_dry_run_does_one_batch_of_each_phase_and_leaves_a_verified_model(snapshot: Path, tmp_path: Path):
    out = tmp_path / "run"
    result = run_bridge("train", "--dataset", str(snapshot), "--out", str(out), "--dry-run", "--run-id", "run-dryrun01", *TINY)
    assert result.returncode == 0, result.stderr[-3000:]
    start = result.of("start")[0]
    assert start["command"] == "train" and start["dataset"]["train"] == 8 and start["params"]["dry_run"] is True
    steps = result.of("step")
    assert {s["phase"] for s in steps} == {"train", "val"} and all(s["steps"] == 1 for s in steps)
    assert [e["epoch"] for e in result.of("epoch")] == [1]
    done = result.of("done")[-1]
    assert done["status"] == "finished" and done["model"] == str(out / "model.onnx")
    kinds = {a["kind"] for a in result.of("artifact")}
    assert {"onnx", "evaluation", "plot", "checkpoint"} <= kinds
    for name in ("checkpoints/last.pt", "checkpoints/best.pt", "model.onnx", "evaluation.json", "events.jsonl"):
        assert (out / name).is_file(), name
    assert "epoch 1/" in result.stderr  # the human console


def test_evaluate_dry_run_writes_the_evaluation_beside_the_model(trained_run, snapshot: Path):
    run, _ = trained_run
    result = run_bridge("evaluate", "--dataset", str(snapshot), "--run-dir", str(run), "--out", str(run / "eval-dry"), "--dry-run", "--threads", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    evaluation = json.loads((run / "eval-dry" / "evaluation.json").read_text())
    assert set(evaluation["keypoints"]) == {"entry", "cfrp_ti_transition", "exit"}
    assert all(set(k) == KEYPOINT_KEYS for k in evaluation["keypoints"].values())
    assert evaluation["keypoints"]["exit"]["n"] == 4 and len(evaluation["predictions"]) == 4
    assert json.loads(result.stdout.splitlines()[-1])["evaluation"] == str(run / "eval-dry" / "evaluation.json")
    assert result.of("done")[0]["status"] == "finished"


def test_export_dry_run_verifies_on_one_file(trained_run, snapshot: Path, tmp_path: Path):
    run, _ = trained_run
    target = tmp_path / "m.onnx"
    result = run_bridge("export", "--dataset", str(snapshot), "--checkpoint", str(run / "checkpoints" / "best.pt"), "--out", str(target), "--dry-run", "--threads", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["verifiedFiles"] == 1 and report["maxAbsDiff"] <= 1e-4
    artifact = result.of("artifact")[0]
    assert artifact["kind"] == "onnx" and artifact["path"] == str(target) and len(artifact["sha256"]) == 64
    assert result.of("done")[0]["model"] == str(target)


def test_a_usage_error_exits_2_with_an_error_event(snapshot: Path):
    result = run_bridge("train", "--dataset", str(snapshot), "--epochs", "many")
    assert result.returncode == 2
    assert result.of("error")[0]["kind"] == "usage" and "--epochs" in result.of("error")[0]["message"]


def test_a_missing_checkpoint_exits_4(snapshot: Path, tmp_path: Path):
    result = run_bridge("export", "--dataset", str(snapshot), "--checkpoint", str(tmp_path / "none.pt"), "--threads", "1")
    assert result.returncode == 4
    assert "none.pt: checkpoint missing" in result.of("error")[0]["message"]
