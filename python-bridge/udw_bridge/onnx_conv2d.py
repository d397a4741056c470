"""Rewrites an exported graph's 1-D convolutions and poolings as 2-D ones over a unit height.

Why: onnxruntime's CPU provider runs 1-D Conv/ConvTranspose/MaxPool (N, C, L) through its generic
paths, while the same ops as 2-D ones on (N, C, 1, L) with kernel (1, k) reach its optimised NCHW(c)
kernels; on the fixture U-Net (1 thread, optimisation level `all`) onnxruntime's CPU time over the
778-file corpus drops from 0.54 s to 0.40 s (docs/BENCHMARKS.md, Inference). Each rewritten node becomes
Unsqueeze(axis 2) → the 2-D op → Squeeze(axis 2), so every tensor the rest of the graph sees keeps its
name and 1-D shape: inputs, outputs, metadata_props and opset stay exactly as exported. The arithmetic is
the same convolution, so outputs move only by float rounding (about 1e-6); the export's verification
against PyTorch still runs on the rewritten file.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import onnx
from onnx import helper, numpy_helper

# Ops whose 1-D form is rewritten, by onnxruntime's profile of the fixture U-Net: Conv (about a third less
# kernel time), ConvTranspose (the decoder's upsampling, almost three times faster) and MaxPool (as fast or a
# little faster; measured with the other two, 0.40 against 0.41 s for Conv and ConvTranspose alone).
OPS = ("Conv", "ConvTranspose", "MaxPool")
AXES = "udw_conv2d_axis2"


def _attributes_2d(node: onnx.NodeProto) -> dict:
    """The node's attributes for a (1, L) spatial shape: a leading height of 1 with no padding, stride or dilation."""
    out = {}
    for attr in node.attribute:
        value = helper.get_attribute_value(attr)
        if attr.name in ("kernel_shape", "strides", "dilations"):
            value = [1, *value]
        elif attr.name == "pads":  # [begin, end] → [h_begin, w_begin, h_end, w_end]
            value = [0, value[0], 0, value[1]]
        elif attr.name == "output_padding":
            value = [0, *value]
        elif attr.name == "output_shape":
            value = [1, *value]
        out[attr.name] = value
    return out


def _is_1d(node: onnx.NodeProto, ranks: dict[str, int]) -> bool:
    if node.op_type not in OPS or len(node.output) != 1:  # MaxPool's optional indices output: left alone
        return False
    kernel = [a for a in node.attribute if a.name == "kernel_shape"]
    if kernel:
        return len(kernel[0].ints) == 1
    return node.op_type != "MaxPool" and ranks.get(node.input[1]) == 3  # Conv without kernel_shape: the weight's rank says


def rewrite_conv1d_as_2d(model: onnx.ModelProto) -> int:
    """Rewrites `model` in place; returns how many nodes were rewritten."""
    graph = model.graph
    inits = {t.name: t for t in graph.initializer}
    ranks = {name: len(t.dims) for name, t in inits.items()}
    targets = [n for n in graph.node if _is_1d(n, ranks)]
    target_ids = {id(n) for n in targets}
    if not targets:
        return 0
    uses = Counter(name for n in graph.node for name in n.input)
    weight_uses = Counter(n.input[1] for n in targets if n.op_type != "MaxPool")
    graph_inputs = {v.name for v in graph.input}  # an initializer that is also a graph input keeps its declared shape
    graph.initializer.append(numpy_helper.from_array(np.array([2], dtype=np.int64), AXES))
    reshaped: set[str] = set()
    nodes = []
    for node in graph.node:
        if id(node) not in target_ids:
            nodes.append(node)
            continue
        tag = node.name or node.output[0]
        x2d = f"{node.input[0]}__2d_in_{tag}"
        nodes.append(helper.make_node("Unsqueeze", [node.input[0], AXES], [x2d], name=f"{tag}/unsqueeze2d"))
        inputs = [x2d, *node.input[1:]]
        if node.op_type != "MaxPool":
            weight = node.input[1]
            if weight in inits and weight not in graph_inputs and uses[weight] == weight_uses[weight]:
                # Only rewritten convolutions read it: reshape it once, so the file does not grow.
                if weight not in reshaped:
                    array = numpy_helper.to_array(inits[weight])
                    inits[weight].CopyFrom(numpy_helper.from_array(array[:, :, None, :], weight))
                    reshaped.add(weight)
            else:  # shared with other nodes or computed: unsqueeze it in the graph (constant-folded when it can be)
                inputs[1] = f"{weight}__2d_w_{tag}"
                nodes.append(helper.make_node("Unsqueeze", [weight, AXES], [inputs[1]], name=f"{tag}/unsqueeze2d_w"))
        y2d = f"{node.output[0]}__2d_out"
        nodes.append(helper.make_node(node.op_type, inputs, [y2d], name=node.name, domain=node.domain or None, **_attributes_2d(node)))
        nodes.append(helper.make_node("Squeeze", [y2d, AXES], [node.output[0]], name=f"{tag}/squeeze2d"))
    del graph.node[:]
    graph.node.extend(nodes)
    # Shapes the exporter recorded for the reshaped weights no longer hold; onnxruntime infers its own.
    stale = [v for v in graph.value_info if v.name in reshaped]
    for v in stale:
        graph.value_info.remove(v)
    return len(targets)
