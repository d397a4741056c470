"""ONNX export: metadata, dynamic batch and length, and the verification that refuses a model that differs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import numpy_helper

from udw_bridge import checkpoint
from udw_bridge.dataset import load_snapshot
from udw_bridge.export import InferenceModel, compare_outputs, export_onnx, verify
from udw_bridge.protocol import EXIT_EXPORT_VERIFICATION, BridgeError
from udw_bridge.runtime import model_from_checkpoint


def test_compare_outputs_accepts_within_and_refuses_beyond_the_tolerance():
    ref = np.linspace(0, 1, 60, dtype=np.float32).reshape(1, 3, 20)
    assert compare_outputs(ref, ref.copy(), 1e-4) == (True, 0.0)
    near = ref.copy()
    near[0, 1, 5] += 0.5e-4
    ok, diff = compare_outputs(ref, near, 1e-4)
    assert ok and diff == pytest.approx(0.5e-4, rel=1e-3)
    far = ref.copy()
    far[0, 2, 19] -= 2e-4
    assert compare_outputs(ref, far, 1e-4)[0] is False
    assert compare_outputs(ref, ref[:, :, :10], 1e-4) == (False, float("inf"))
    broken = ref.copy()
    broken[0, 0, 0] = np.nan
    assert compare_outputs(ref, broken, 1e-4)[0] is False


def test_the_export_carries_its_metadata_and_takes_any_batch_and_length(trained_run, snapshot: Path):
    run, _ = trained_run
    path = run / "model.onnx"
    proto = onnx.load(str(path))
    assert proto.opset_import[0].version >= 17
    props = {p.key: p.value for p in proto.metadata_props}
    meta = json.loads(props["udw"])
    snap = load_snapshot(snapshot)
    assert meta["input"]["channels"] == props["input_channels"].split(",") == snap.channels
    assert meta["classes"] == props["classes"].split(",") == snap.classes
    assert meta["resampling"]["stepMm"] == float(props["resampling_step_mm"]) == snap.step_mm
    assert meta["snapshotId"] == props["snapshot_id"] == snap.snapshot_id
    assert props["run_id"] == meta["runId"] and props["bridge_version"] == meta["bridgeVersion"]
    assert meta["normalisation"]["appliedInModel"] is True and len(meta["normalisation"]["std"]) == 2
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    for batch, length in ((1, 50), (3, 311)):
        out = session.run(None, {"signals": np.zeros((batch, 2, length), dtype=np.float32)})[0]
        assert out.shape == (batch, 3, length) and (0 <= out).all() and (out <= 1).all()


def test_a_model_that_differs_from_pytorch_fails_verification_with_exit_5(trained_run, snapshot: Path, tmp_path: Path):
    run, _ = trained_run
    ckpt = checkpoint.load(run / "checkpoints" / "best.pt")
    snap = load_snapshot(snapshot)
    model = model_from_checkpoint(ckpt)
    good, diff = export_onnx(model, ckpt, tmp_path / "good.onnx", snap, [8, 9])
    assert diff <= 1e-4
    # Tamper with the exported graph's weights: the file is still a valid model, but not this model.
    proto = onnx.load(str(good))
    init = max(proto.graph.initializer, key=lambda t: np.prod(t.dims))
    weights = numpy_helper.to_array(init).copy()
    weights += 0.05
    init.CopyFrom(numpy_helper.from_array(weights, init.name))
    tampered = tmp_path / "tampered.onnx"
    onnx.save(proto, str(tampered))
    wrapper = InferenceModel(model, ckpt["data"]["mean"], ckpt["data"]["std"])
    with pytest.raises(BridgeError) as err:
        verify(tampered, wrapper, snap, [8, 9], 1e-4)
    assert err.value.exit_code == EXIT_EXPORT_VERIFICATION and "differs from PyTorch" in err.value.message
    assert verify(good, wrapper, snap, [8, 9], 1e-4) <= 1e-4
