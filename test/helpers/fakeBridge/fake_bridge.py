"""A stand-in for `python -m udw_bridge train`, for the training manager's mechanics tests only.

It speaks the real protocol (events on the UDW_EVENTS_SOCKET socket, a tqdm console on the terminal, the
bridge's exit codes) without torch, so those tests are quick and can make it fail on purpose. How it
behaves is set by FAKE_BRIDGE_MODE:

  ok           every epoch, a metrics event, model.onnx + evaluation.json, done finished, exit 0
  wait         after epoch 1, waits for SIGTERM: writes checkpoints/last.pt, done cancelled, exit 6;
               resumed (--resume), it runs to the end like ok
  ignore-term  like wait, but ignores SIGTERM (so the manager has to SIGKILL it)
  crash        dies after epoch 1 with a traceback and exit 1, no error event
  error        an error event of kind dataset, exit 4

It also writes RUNDIR/argv.json (its command line) so a test can check the flags it was given. The real
bridge is tested with the real thing (trainingBridge and trainCorpus tests).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
from events_socket import Channel  # noqa: E402

from tqdm import tqdm  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(prog="fake_bridge")
    parser.add_argument("command")
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--run-id")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--resume")
    args, _rest = parser.parse_known_args()
    mode = os.environ.get("FAKE_BRIDGE_MODE", "ok")
    out = Path(args.out)
    (out / "checkpoints").mkdir(parents=True, exist_ok=True)
    (out / "argv.json").write_text(json.dumps(sys.argv[1:]))
    ch = Channel()
    ch.watch_parent(lambda: os._exit(69))
    start_epoch = 0
    if args.resume:
        start_epoch = json.loads(Path(args.resume).read_text())["epoch"]
    ch.emit({
        "type": "start", "command": "train", "bridge": "0.0.0-fake", "torch": "none", "python": sys.version.split()[0],
        "device": "cpu", "world": {"size": 1, "rank": 0, "backend": None}, "params": {"epochs": args.epochs, "mode": mode},
        "dataset": {"snapshotId": "f" * 64, "train": 4, "val": 2}, "epochs": args.epochs, "startEpoch": start_epoch,
    })
    if mode == "error":
        ch.emit({"type": "error", "kind": "dataset", "message": "labels.npy: expected (files, classes) float64", "file": str(Path(args.dataset) / "labels.npy")})
        print("error: labels.npy is not what was expected", file=sys.stderr, flush=True)
        return 4

    state = {"epoch": start_epoch}

    def checkpoint(kind: str) -> None:
        path = out / "checkpoints" / "last.pt"
        path.write_text(json.dumps({"epoch": state["epoch"]}))
        ch.emit({"type": "checkpoint", "epoch": state["epoch"], "path": str(path), "kind": kind})

    # Like the real bridge, the handler only sets a flag: the work happens in the loop (a handler that wrote
    # events itself could interrupt an emit holding the channel's lock, and deadlock).
    stop = {"requested": False}

    def on_term(*_: object) -> None:
        stop["requested"] = True

    def cancelled() -> int:
        print("SIGTERM: writing a checkpoint", flush=True)
        checkpoint("cancel")
        ch.emit({"type": "done", "status": "cancelled", "reason": "SIGTERM", "bestEpoch": state["epoch"] or None, "metrics": {}, "model": None, "seconds": 0.1})
        return 6

    signal.signal(signal.SIGTERM, signal.SIG_IGN if mode == "ignore-term" else on_term)
    for epoch in range(start_epoch + 1, args.epochs + 1):
        for step in tqdm(range(1, 4), desc=f"epoch {epoch}", mininterval=0):
            ch.emit({"type": "step", "phase": "train", "epoch": epoch, "step": step, "steps": 3, "loss": 1.0 / epoch})
        state["epoch"] = epoch
        ch.emit({"type": "epoch", "epoch": epoch, "epochs": args.epochs, "trainLoss": 1.0 / epoch, "valLoss": 2.0 / epoch, "lr": 0.001, "seconds": 0.01, "samplesPerSecond": 400.0, "best": True})
        ch.emit({"type": "metrics", "epoch": epoch, "metrics": {"val/exit_mae_mm": 0.5 / epoch}})
        checkpoint("last")
        if mode == "crash":
            raise RuntimeError("the fake bridge crashed on purpose")
        if mode in ("wait", "ignore-term") and not args.resume:
            print("waiting for SIGTERM", flush=True)
            while not stop["requested"]:
                time.sleep(0.05)
        if stop["requested"]:
            return cancelled()
    model = out / "model.onnx"
    model.write_bytes(b"not really onnx")
    ch.emit({"type": "artifact", "kind": "onnx", "path": str(model), "bytes": model.stat().st_size})
    evaluation = {"keypoints": {"exit": {"n": 2, "mae": 0.04, "rmse": 0.05, "median": 0.04, "p95": 0.06, "max": 0.07, "bias": 0.01, "within025": 1.0, "within05": 1.0, "within1": 1.0}}, "gripCodeExact": 1.0}
    (out / "evaluation.json").write_text(json.dumps(evaluation))
    ch.emit({"type": "artifact", "kind": "evaluation", "path": str(out / "evaluation.json")})
    ch.emit({"type": "metrics", "epoch": None, "metrics": {"val/exit_mae_mm": 0.04}})
    ch.emit({"type": "done", "status": "finished", "reason": None, "bestEpoch": args.epochs, "metrics": {"val/exit_mae_mm": 0.04}, "model": str(model), "seconds": 0.5})
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
