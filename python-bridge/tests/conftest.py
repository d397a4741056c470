"""Shared helpers: the bridge as a real child process with a real events pipe, and a tiny snapshot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

BRIDGE = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
# pytest runs from the repository root (npm test), where udw_bridge is not importable by itself.
for p in (str(BRIDGE), str(TESTS)):
    if p not in sys.path:
        sys.path.insert(0, p)

from snapshot_fixture import write_snapshot  # noqa: E402

# Small and fast: a model a few seconds of CPU can train, one thread so tests in parallel stay fair.
TINY = ["--width", "8", "--depth", "3", "--crop", "0", "--threads", "1", "--batch-size", "4", "--aug-shift", "20", "--sigma", "1.5"]


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    events: list[dict] = field(default_factory=list)

    def of(self, kind: str) -> list[dict]:
        return [e for e in self.events if e["type"] == kind]


def bridge_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UDW_")}
    env.update({"PYTHONPATH": str(BRIDGE), "OMP_NUM_THREADS": "1"}, **extra)
    return env


def _read_events(fd: int, sink: list[dict]) -> None:
    with os.fdopen(fd, "rb") as reader:
        for line in reader:
            sink.append(json.loads(line))


def start_bridge(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, list[dict], threading.Thread]:
    """The bridge with an events pipe on fd 3 as the workstation starts it; events collect as they come."""
    r, w = os.pipe()
    os.set_inheritable(w, True)
    events: list[dict] = []
    child_env = env or bridge_env()
    child_env["UDW_EVENTS_FD"] = str(w)
    child = subprocess.Popen([sys.executable, "-m", "udw_bridge", *args], cwd=BRIDGE, env=child_env, pass_fds=(w,), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    os.close(w)
    reader = threading.Thread(target=_read_events, args=(r, events), daemon=True)
    reader.start()
    return child, events, reader


def run_bridge(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> Result:
    child, events, reader = start_bridge(*args, env=env)
    stdout, stderr = child.communicate(timeout=timeout)
    reader.join(timeout=30)
    return Result(child.returncode, stdout, stderr, events)


@pytest.fixture(scope="session")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_snapshot(tmp_path_factory.mktemp("snapshot") / "snap")


@pytest.fixture(scope="session")
def trained_run(snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """One short real training on the tiny snapshot, shared by the tests that need a trained model."""
    out = tmp_path_factory.mktemp("run") / "run"
    result = run_bridge("train", "--dataset", str(snapshot), "--out", str(out), "--epochs", "30", "--patience", "0", "--lr", "0.01", "--seed", "1", *TINY)
    assert result.returncode == 0, result.stderr[-3000:]
    return out, result
