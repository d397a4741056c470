"""The 1-D → 2-D rewrite of exported graphs: same outputs, no 1-D Conv/ConvTranspose/MaxPool left, the
graph's interface and metadata untouched, and the bridge's own export applies it."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch

from udw_bridge.export import INPUT, OUTPUT, InferenceModel
from udw_bridge.model import ModelConfig, build_model
from udw_bridge.onnx_conv2d import OPS, rewrite_conv1d_as_2d

# Short lengths, odd ones and lengths not divisible by the U-Net's 2**depth.
LENGTHS = (1, 2, 5, 7, 37, 100, 257, 1001, 2050)


def spatial_ranks(proto: onnx.ModelProto) -> dict[str, set[int]]:
    """For each rewritten op type, the kernel ranks present in the graph."""
    ranks: dict[str, set[int]] = {op: set() for op in OPS}
    for node in proto.graph.node:
        if node.op_type in OPS:
            ranks[node.op_type].update(len(a.ints) for a in node.attribute if a.name == "kernel_shape")
    return ranks


def exported_unet(path: Path, seed: int = 3) -> torch.nn.Module:
    """A randomly initialised bridge U-Net (depth 3) with the export's wrapper, exported as the bridge does."""
    torch.manual_seed(seed)
    wrapper = InferenceModel(build_model(ModelConfig(in_channels=2, classes=3, width=8, depth=3)), [1.0, -2.0], [3.0, 0.5]).eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapper, (torch.zeros(1, 2, 64),), str(path), input_names=[INPUT], output_names=[OUTPUT], opset_version=17,
            dynamic_axes={INPUT: {0: "batch", 2: "length"}, OUTPUT: {0: "batch", 2: "length"}}, dynamo=False,
        )
    return wrapper


def test_the_rewrite_gives_the_same_outputs_with_no_1d_op_left_and_keeps_interface_and_metadata(tmp_path: Path):
    original = tmp_path / "original.onnx"
    wrapper = exported_unet(original)
    proto = onnx.load(str(original))
    entry = proto.metadata_props.add()
    entry.key, entry.value = "udw", '{"format":"udw-keypoint-heatmaps-1"}'
    before = spatial_ranks(proto)
    assert before["Conv"] == {1} and before["ConvTranspose"] == {1} and before["MaxPool"] == {1}, before

    count = rewrite_conv1d_as_2d(proto)
    onnx.checker.check_model(proto, full_check=True)
    rewritten = tmp_path / "rewritten.onnx"
    onnx.save(proto, str(rewritten))

    reloaded = onnx.load(str(rewritten))
    assert count == sum(1 for n in onnx.load(str(original)).graph.node if n.op_type in OPS)
    assert spatial_ranks(reloaded) == {"Conv": {2}, "ConvTranspose": {2}, "MaxPool": {2}}
    assert {p.key: p.value for p in reloaded.metadata_props} == {"udw": '{"format":"udw-keypoint-heatmaps-1"}'}
    first = onnx.load(str(original))
    assert [o.version for o in reloaded.opset_import] == [o.version for o in first.opset_import]
    assert [i.SerializeToString() for i in reloaded.graph.input] == [i.SerializeToString() for i in first.graph.input]
    assert [o.SerializeToString() for o in reloaded.graph.output] == [o.SerializeToString() for o in first.graph.output]

    old = ort.InferenceSession(str(original), providers=["CPUExecutionProvider"])
    new = ort.InferenceSession(str(rewritten), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    for batch, length in [(1, n) for n in LENGTHS] + [(3, 37), (2, 1001)]:
        x = (rng.standard_normal((batch, 2, length)) * 4).astype(np.float32)
        expected = old.run([OUTPUT], {INPUT: x})[0]
        got = new.run([OUTPUT], {INPUT: x})[0]
        assert got.shape == expected.shape == (batch, 3, length)
        assert np.abs(got - expected).max() <= 1e-5, (batch, length)
        with torch.no_grad():
            reference = wrapper(torch.from_numpy(x)).numpy()
        assert np.abs(got - reference).max() <= 1e-4, (batch, length)


def test_the_rewrite_is_idempotent_and_leaves_a_graph_without_1d_ops_alone(tmp_path: Path):
    path = tmp_path / "m.onnx"
    exported_unet(path)
    proto = onnx.load(str(path))
    assert rewrite_conv1d_as_2d(proto) > 0
    once = proto.SerializeToString()
    assert rewrite_conv1d_as_2d(proto) == 0
    assert proto.SerializeToString() == once


def test_the_bridge_export_writes_the_2d_graph(trained_run):
    run, _ = trained_run
    proto = onnx.load(str(run / "model.onnx"))
    assert spatial_ranks(proto) == {"Conv": {2}, "ConvTranspose": {2}, "MaxPool": {2}}


def test_a_weight_other_nodes_also_read_is_unsqueezed_in_the_graph_not_reshaped(tmp_path: Path):
    """y = Conv1d(x, W) and s = ReduceSum(W): W keeps its 1-D shape for ReduceSum, the Conv gets an Unsqueeze of it."""
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(1)
    w = rng.standard_normal((4, 2, 5)).astype(np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Conv", ["x", "W"], ["y"], kernel_shape=[5], pads=[2, 2], strides=[2], dilations=[1]),
            helper.make_node("ReduceSum", ["W"], ["s"], keepdims=0),
        ],
        "shared",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, "length"])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, None]), helper.make_tensor_value_info("s", TensorProto.FLOAT, [])],
        [numpy_helper.from_array(w, "W")],
    )
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    proto.ir_version = 8
    original = proto.SerializeToString()
    assert rewrite_conv1d_as_2d(proto) == 1
    onnx.checker.check_model(proto, full_check=True)
    assert [list(t.dims) for t in proto.graph.initializer if t.name == "W"] == [[4, 2, 5]]
    old = ort.InferenceSession(original, providers=["CPUExecutionProvider"])
    new = ort.InferenceSession(proto.SerializeToString(), providers=["CPUExecutionProvider"])
    for length in (1, 6, 33):
        x = rng.standard_normal((1, 2, length)).astype(np.float32)
        for a, b in zip(old.run(None, {"x": x}), new.run(None, {"x": x})):
            assert a.shape == b.shape and np.abs(a - b).max() <= 1e-5
