"""The bridge's side of the control pipe: a child exits when its parent's end closes, and only then."""

import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

BRIDGE = Path(__file__).resolve().parents[1]
# pytest runs from the repository root (npm test), where udw_bridge is not importable by itself.
sys.path.insert(0, str(BRIDGE))

from udw_bridge import events, parent_watch  # noqa: E402

CHILD = """
import time
from udw_bridge import parent_watch
print('ready' if parent_watch.start_from_env() else 'not watched', flush=True)
time.sleep(3600)
"""


def _spawn_watched(read_fd: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(BRIDGE), parent_watch.PARENT_WATCH_FD_ENV: str(read_fd)}
    return subprocess.Popen([sys.executable, "-c", CHILD], cwd=BRIDGE, env=env, pass_fds=(read_fd,), stdout=subprocess.PIPE, text=True)


def test_child_exits_when_the_parent_end_closes():
    r, w = os.pipe()
    child = _spawn_watched(r)
    os.close(r)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        assert child.poll() is None  # the open pipe keeps it running
        os.close(w)
        w = -1
        assert child.wait(timeout=60) == parent_watch.PARENT_GONE_EXIT_CODE
    finally:
        if w >= 0:
            os.close(w)
        if child.poll() is None:
            child.kill()
            child.wait()


def test_data_on_the_pipe_is_not_taken_for_the_end(monkeypatch: pytest.MonkeyPatch):
    r, w = os.pipe()
    gone = threading.Event()
    monkeypatch.setattr(parent_watch, "_started", False)
    monkeypatch.setenv(parent_watch.PARENT_WATCH_FD_ENV, str(r))
    try:
        assert parent_watch.start_from_env(on_gone=gone.set) is True
        # The variable is gone, so this process's own children do not inherit a stale fd number.
        assert parent_watch.PARENT_WATCH_FD_ENV not in os.environ
        os.write(w, b"noise")
        os.close(w)
        w = -1
        assert gone.wait(timeout=60)
    finally:
        if w >= 0:
            os.close(w)
        monkeypatch.setattr(parent_watch, "_started", False)


def test_without_a_control_pipe_nothing_is_watched(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(parent_watch, "_started", False)
    monkeypatch.delenv(parent_watch.PARENT_WATCH_FD_ENV, raising=False)
    assert parent_watch.start_from_env() is False
    with tempfile.TemporaryFile() as regular:
        monkeypatch.setenv(parent_watch.PARENT_WATCH_FD_ENV, str(regular.fileno()))
        assert parent_watch.start_from_env() is False  # a regular file is no control pipe
    monkeypatch.setenv(parent_watch.PARENT_WATCH_FD_ENV, "not-a-number")
    assert parent_watch.start_from_env() is False


def test_events_emit_writes_one_json_line(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(events.EVENTS_FD_ENV, raising=False)
    assert events.emit({"type": "x"}) is False
    r, w = os.pipe()
    try:
        monkeypatch.setenv(events.EVENTS_FD_ENV, str(w))
        assert events.emit({"type": "progress", "step": 1, "note": "ünï"}) is True
        os.close(w)
        w = -1
        with os.fdopen(r, "rb") as reader:
            r = -1
            data = reader.read()
        assert data.endswith(b"\n") and data.count(b"\n") == 1
        assert json.loads(data) == {"type": "progress", "step": 1, "note": "ünï"}
    finally:
        for fd in (r, w):
            if fd >= 0:
                os.close(fd)
