"""protocol.py against the shared fixture (read by test/unit/training/protocolFixture.test.ts too), and the
events transport: a pipe fd, and a local socket whose end-of-file ends the process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import BRIDGE, TINY, bridge_env
from udw_bridge import protocol
from udw_bridge.parent_watch import PARENT_GONE_EXIT_CODE

FIXTURE = Path(__file__).resolve().parents[2] / "test" / "fixtures" / "training" / "protocol-events.jsonl"


def fixture_events() -> dict[str, dict]:
    lines = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {e["type"]: e for e in lines}


def built_events() -> dict[str, dict]:
    """One event of each type as protocol.py builds it."""
    events = [
        protocol.start_event("train", torch_version="2", device="cpu", world_size=1, rank=0, backend=None, params={"epochs": 1}, dataset={"snapshotId": "0" * 64, "train": 1, "val": 1}, epochs=1, start_epoch=0),
        protocol.step_event("train", 1, 1, 2, 0.5),
        protocol.epoch_event(1, 1, train_loss=0.5, val_loss=0.4, lr=0.001, seconds=1.0, samples_per_second=3.0, best=True),
        protocol.metrics_event(1, {"val/exit_mae_mm": 0.1}),
        protocol.checkpoint_event(1, "/x/last.pt", "last"),
        protocol.artifact_event("onnx", __file__, sha256="b" * 64),
        protocol.done_event("finished", reason=None, best_epoch=1, metrics={"a": 1.0}, model="/x/model.onnx", seconds=2.0),
        protocol.error_event("dataset", "bad", "/x/manifest.json"),
    ]
    return {e["type"]: e for e in events}


def _shape(value: object) -> object:
    """The JSON type tree of a value: what must agree between the fixture and the builders."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if value is None:
        return "null"
    return type(value).__name__


def test_the_fixture_holds_every_event_type_once():
    lines = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert sorted(e["type"] for e in lines) == sorted(built_events())
    assert all(e["v"] == protocol.PROTOCOL_VERSION for e in lines)


@pytest.mark.parametrize("kind", sorted(built_events()))
def test_builders_make_the_fixture_shapes(kind: str):
    fixture, built = fixture_events()[kind], built_events()[kind]
    # params and metrics are open records; everything else must match key for key and type for type.
    for open_record in ("params", "metrics"):
        fixture.pop(open_record, None), built.pop(open_record, None)
    assert _shape(built) == _shape(fixture)


def test_nan_figures_never_reach_the_wire():
    epoch = protocol.epoch_event(1, 2, train_loss=0.5, val_loss=float("nan"), lr=0.1, seconds=1, samples_per_second=1, best=False)
    metrics = protocol.metrics_event(None, {"ok": 1.0, "undefined": float("nan")})
    assert epoch["valLoss"] is None and metrics["metrics"] == {"ok": 1.0}
    json.dumps([epoch, metrics], allow_nan=False)


def test_builders_refuse_values_outside_the_schema():
    with pytest.raises(ValueError, match="expected one of"):
        protocol.checkpoint_event(1, "/x", "someday")
    with pytest.raises(ValueError, match="expected one of"):
        protocol.error_event("oops", "x")
    assert protocol.BridgeError("export_verification", "x").exit_code == protocol.EXIT_EXPORT_VERIFICATION == 5


def test_exit_codes_mirror_protocol_ts():
    ts = (Path(__file__).resolve().parents[2] / "src" / "shared" / "training" / "protocol.ts").read_text(encoding="utf-8")
    codes = {"ok": protocol.EXIT_OK, "internal": protocol.EXIT_INTERNAL, "usage": protocol.EXIT_USAGE, "missingComponent": protocol.EXIT_MISSING_COMPONENT, "dataset": protocol.EXIT_DATASET, "exportVerification": protocol.EXIT_EXPORT_VERIFICATION, "cancelled": protocol.EXIT_CANCELLED}
    expected = "{ " + ", ".join(f"{k}: {v}" for k, v in codes.items()) + " }"
    assert f"BRIDGE_EXIT = {expected}" in ts
    assert f"PROTOCOL_VERSION = {protocol.PROTOCOL_VERSION};" in ts


def test_only_rank_zero_emits(monkeypatch: pytest.MonkeyPatch):
    r, w = os.pipe()
    try:
        monkeypatch.setenv(protocol.EVENTS_FD_ENV, str(w))
        monkeypatch.setenv("RANK", "1")
        protocol.EventSink.from_env().emit(protocol.step_event("train", 1, 1, 1, 0.1))
        monkeypatch.setenv("RANK", "0")
        protocol.EventSink.from_env().emit(protocol.step_event("train", 1, 1, 1, 0.2))
        os.close(w)
        w = -1
        with os.fdopen(r, "rb") as reader:
            r = -1
            lines = reader.read().splitlines()
        assert [json.loads(line)["loss"] for line in lines] == [0.2]
    finally:
        for fd in (r, w):
            if fd >= 0:
                os.close(fd)


def _listen() -> tuple[socket.socket, str, str]:
    folder = tempfile.mkdtemp(prefix="udw-t-")  # AF_UNIX names must be short
    name = os.path.join(folder, "ev.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(name)
    server.listen(1)
    server.settimeout(120)
    return server, name, folder


@pytest.mark.skipif(os.name == "nt", reason="AF_UNIX socket test (Windows uses a named pipe)")
def test_train_dry_run_streams_events_over_the_socket(snapshot: Path, tmp_path: Path):
    server, name, folder = _listen()
    try:
        env = bridge_env(UDW_EVENTS_SOCKET=name)
        child = subprocess.Popen([sys.executable, "-m", "udw_bridge", "train", "--dataset", str(snapshot), "--out", str(tmp_path / "run"), "--dry-run", "--no-export", *TINY], cwd=BRIDGE, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        conn, _ = server.accept()
        data = b""
        with conn:
            conn.settimeout(240)
            while chunk := conn.recv(65536):
                data += chunk
        assert child.wait(timeout=120) == 0, child.stderr.read() if child.stderr else ""
        events = [json.loads(line) for line in data.splitlines()]
        assert events[0]["type"] == "start" and events[-1]["type"] == "done"
        assert {"step", "epoch", "metrics", "checkpoint", "artifact"} <= {e["type"] for e in events}
        # events.jsonl in the run folder holds the same events, for after a crash.
        copied = [json.loads(line) for line in (tmp_path / "run" / "events.jsonl").read_text().splitlines()]
        assert copied == events
    finally:
        server.close()
        os.unlink(name)
        os.rmdir(folder)


CHILD = """
import sys, time
from udw_bridge.protocol import EventSink, step_event
sink = EventSink.from_env()
sink.emit(step_event('train', 1, 1, 1, 0.5))
print('ready', flush=True)
time.sleep(3600)
"""


@pytest.mark.skipif(os.name == "nt", reason="AF_UNIX socket test (Windows uses a named pipe)")
def test_the_socket_closing_ends_the_process():
    server, name, folder = _listen()
    child = subprocess.Popen([sys.executable, "-c", CHILD], cwd=BRIDGE, env=bridge_env(UDW_EVENTS_SOCKET=name), stdout=subprocess.PIPE, text=True)
    try:
        conn, _ = server.accept()
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        assert json.loads(conn.recv(65536).splitlines()[0])["type"] == "step"
        assert child.poll() is None  # an open socket keeps it running
        conn.close()
        assert child.wait(timeout=60) == PARENT_GONE_EXIT_CODE
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        server.close()
        os.unlink(name)
        os.rmdir(folder)


def test_a_socket_nobody_listens_on_is_a_usage_error(tmp_path: Path, snapshot: Path):
    out = subprocess.run([sys.executable, "-m", "udw_bridge", "train", "--dataset", str(snapshot), "--dry-run"], cwd=BRIDGE, env=bridge_env(UDW_EVENTS_SOCKET=str(tmp_path / "nobody.sock")), capture_output=True, text=True, timeout=120)
    assert out.returncode == protocol.EXIT_USAGE
    assert "nobody.sock" in out.stderr and "expected a listening local socket" in out.stderr
