"""PyTorch eager on the benchmark's inputs: the fixture model's weights (test/fixtures/models/tiny.pt) with
python-bridge's own wrapper (normalisation, sigmoid) and peak reading, one file at a time as the app does,
on the CPU with the thread count given. Prints per-file seconds and the total as JSON.

    python torch_eager.py BASE THREADS       (reads BASE.bin and BASE.json from inputs.ts)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python-bridge"))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from udw_bridge.export import InferenceModel  # noqa: E402
from udw_bridge.runtime import model_from_checkpoint  # noqa: E402
from udw_bridge.targets import pick_peaks  # noqa: E402


def main(base: str, threads: int) -> None:
    torch.set_num_threads(threads)
    ckpt = torch.load(ROOT / "test" / "fixtures" / "models" / "tiny.pt", map_location="cpu", weights_only=True)
    model = InferenceModel(model_from_checkpoint(ckpt), ckpt["data"]["mean"], ckpt["data"]["std"]).eval()
    data = np.fromfile(f"{base}.bin", dtype=np.float32)
    index = json.loads(Path(f"{base}.json").read_text())["inputs"]
    xs = [torch.from_numpy(data[e["offset"] : e["offset"] + e["channels"] * e["length"]].reshape(1, e["channels"], e["length"])) for e in index]
    with torch.no_grad():
        model(xs[0])  # warm-up, as the Node side loads its session first
        per_file = []
        t0 = time.perf_counter()
        for x in xs:
            t = time.perf_counter()
            heat = model(x).numpy()[0]
            pick_peaks(heat, ckpt["sigma"])
            per_file.append(time.perf_counter() - t)
        total = time.perf_counter() - t0
    print(json.dumps({"perFile": per_file, "total": total, "threads": threads, "torch": torch.__version__}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
