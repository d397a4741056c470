"""Reading snapshots: the fixture loads; every broken part is refused naming the file and what was expected."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import run_bridge
from snapshot_fixture import write_snapshot
from udw_bridge.dataset import load_snapshot
from udw_bridge.protocol import EXIT_DATASET, BridgeError


def test_the_fixture_loads_with_its_splits_and_labels(snapshot: Path):
    snap = load_snapshot(snapshot)
    assert snap.channels == ["torque_net", "thrust_net"]
    assert len(snap.split_indices("train")) == 8 and len(snap.split_indices("val")) == 4
    assert np.isnan(snap.labels[0, 0]) and np.isfinite(snap.labels[1]).all()
    # Depth → samples → depth is the identity on the file's grid.
    samples = snap.label_samples(3)
    assert np.allclose(snap.depth_of(3, samples), snap.labels[3])
    x = snap.normalised(3)
    assert x.dtype == np.float32 and x.shape == (2, snap.files[3].length)


def _copy(snapshot: Path, tmp_path: Path) -> Path:
    target = tmp_path / "snap"
    shutil.copytree(snapshot, target)
    return target


def _edit_manifest(root: Path, change) -> None:
    path = root / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda m: m.update(schemaVersion=2), "schemaVersion 2: expected 1"),
        (lambda m: m.update(channels=[]), "channels: expected a non-empty list"),
        (lambda m: m.update(channels=["torque_net", "step_nb"]), "step numbers and stop codes are never model inputs"),
        (lambda m: m["normalisation"].update(mean=[0.0]), "normalisation.mean: expected 2 finite numbers"),
        (lambda m: m["files"][2].update(split="test"), "files[2].split 'test': expected 'train' or 'val'"),
        (lambda m: m["files"][1].pop("length"), "files[1]: missing 'length'"),
        (lambda m: m["files"][0].update(signal="../../etc/passwd"), "expected a path inside the snapshot folder"),
        (lambda m: m["resampling"].update(stepMm=0), "resampling.stepMm 0: expected a positive number"),
    ],
)
def test_a_bad_manifest_names_the_field_and_what_was_expected(snapshot: Path, tmp_path: Path, change, expected: str):
    root = _copy(snapshot, tmp_path)
    _edit_manifest(root, change)
    with pytest.raises(BridgeError) as err:
        load_snapshot(root)
    assert err.value.kind == "dataset" and err.value.exit_code == EXIT_DATASET
    assert expected in err.value.message and str(root / "manifest.json") in err.value.message


def test_a_changed_signal_file_is_refused(snapshot: Path, tmp_path: Path):
    root = _copy(snapshot, tmp_path)
    manifest = json.loads((root / "manifest.json").read_text())
    signal = root / manifest["files"][5]["signal"]
    np.save(signal, np.zeros((2, manifest["files"][5]["length"]), dtype=np.float32))
    with pytest.raises(BridgeError, match="SHA-256 differs") as err:
        load_snapshot(root)
    assert err.value.file == str(signal)


def test_a_signal_of_the_wrong_shape_is_refused(tmp_path: Path):
    root = write_snapshot(tmp_path / "s", files=4, val=1)
    manifest = json.loads((root / "manifest.json").read_text())
    manifest["files"][1]["length"] += 1
    (root / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BridgeError, match=r"expected \(channels, length\) = \(2, \d+\)"):
        load_snapshot(root, verify_hashes=False)


def test_labels_that_disagree_with_the_manifest_are_refused(snapshot: Path, tmp_path: Path):
    root = _copy(snapshot, tmp_path)
    labels = np.load(root / "labels.npy")
    labels[2, 2] += 1.0
    np.save(root / "labels.npy", labels)
    with pytest.raises(BridgeError, match=r"row 2 \(hole_002.xls\), class exit"):
        load_snapshot(root)


def test_train_on_a_missing_snapshot_exits_4_with_an_error_event(tmp_path: Path):
    result = run_bridge("train", "--dataset", str(tmp_path / "nowhere"), "--out", str(tmp_path / "run"), "--dry-run")
    assert result.returncode == EXIT_DATASET
    errors = result.of("error")
    assert len(errors) == 1 and errors[0]["kind"] == "dataset" and str(tmp_path / "nowhere") in errors[0]["message"]
    assert "expected a snapshot folder" in result.stderr
