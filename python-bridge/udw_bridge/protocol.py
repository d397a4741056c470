"""The bridge's event protocol: a mirror of src/shared/training/protocol.ts.

Events are JSON objects, one per line, on a channel of their own (never stdout, which is the human console):

* ``UDW_EVENTS_FD``: a pipe the parent passed as an extra fd (a plain managed process);
* ``UDW_EVENTS_SOCKET``: a local socket the parent listens on (a Unix domain socket on POSIX, a named pipe
  opened as a file on Windows), used when the bridge runs on a terminal (node-pty cannot pass extra fds) or
  under torchrun (its workers do not inherit fds). The socket's end-of-file means the parent is gone, and a
  daemon thread then ends the process, as parent_watch.py does for the control pipe.

Only rank 0 of a distributed run writes events. Every event is also appended to ``events.jsonl`` in the run
folder once one is known, so a crashed run still leaves its history behind.
"""

from __future__ import annotations

import json
import math
import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

from . import __version__
from .parent_watch import PARENT_GONE_EXIT_CODE

PROTOCOL_VERSION = 1

EVENTS_FD_ENV = "UDW_EVENTS_FD"
EVENTS_SOCKET_ENV = "UDW_EVENTS_SOCKET"

# Exit codes of `python -m udw_bridge` (BRIDGE_EXIT in protocol.ts; README.md lists them too).
EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_MISSING_COMPONENT = 3
EXIT_DATASET = 4
EXIT_EXPORT_VERIFICATION = 5
EXIT_CANCELLED = 6

ERROR_KINDS = {
    "usage": EXIT_USAGE,
    "missing_component": EXIT_MISSING_COMPONENT,
    "dataset": EXIT_DATASET,
    "export_verification": EXIT_EXPORT_VERIFICATION,
    "internal": EXIT_INTERNAL,
}
COMMANDS = ("train", "evaluate", "export")
CHECKPOINT_KINDS = ("last", "best", "cancel")
ARTIFACT_KINDS = ("onnx", "evaluation", "plot", "checkpoint", "log", "other")


class BridgeError(Exception):
    """A failure the bridge understood: it becomes an error event and the exit code of its kind."""

    def __init__(self, kind: str, message: str, file: str | os.PathLike[str] | None = None) -> None:
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown error kind {kind!r}, expected one of {sorted(ERROR_KINDS)}")
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.file = None if file is None else str(file)

    @property
    def exit_code(self) -> int:
        return ERROR_KINDS[self.kind]


# ---- event builders (keys exactly as protocol.ts names them) ----


def _base(kind: str) -> dict[str, Any]:
    return {"v": PROTOCOL_VERSION, "t": time.time(), "type": kind}


def _finite(value: float | None) -> float | None:
    """JSON has no NaN: a missing or undefined figure travels as null."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _metrics(values: dict[str, float]) -> dict[str, float]:
    # A metric record holds numbers only; undefined figures (NaN) are left out rather than sent as null.
    return {k: float(v) for k, v in values.items() if v is not None and math.isfinite(float(v))}


def start_event(
    command: str,
    *,
    torch_version: str,
    device: str,
    world_size: int,
    rank: int,
    backend: str | None,
    params: dict[str, Any],
    dataset: dict[str, Any] | None,
    epochs: int,
    start_epoch: int,
) -> dict[str, Any]:
    if command not in COMMANDS:
        raise ValueError(f"command {command!r}, expected one of {COMMANDS}")
    return {
        **_base("start"),
        "command": command,
        "bridge": __version__,
        "torch": torch_version,
        "python": sys.version.split()[0],
        "device": device,
        "world": {"size": world_size, "rank": rank, "backend": backend},
        "params": params,
        "dataset": dataset,
        "epochs": epochs,
        "startEpoch": start_epoch,
    }


def step_event(phase: str, epoch: int, step: int, steps: int, loss: float | None) -> dict[str, Any]:
    return {**_base("step"), "phase": phase, "epoch": epoch, "step": step, "steps": steps, "loss": _finite(loss)}


def epoch_event(
    epoch: int, epochs: int, *, train_loss: float, val_loss: float | None, lr: float, seconds: float, samples_per_second: float, best: bool
) -> dict[str, Any]:
    return {
        **_base("epoch"),
        "epoch": epoch,
        "epochs": epochs,
        "trainLoss": float(train_loss),
        "valLoss": _finite(val_loss),
        "lr": float(lr),
        "seconds": max(0.0, float(seconds)),
        "samplesPerSecond": max(0.0, float(samples_per_second)),
        "best": bool(best),
    }


def metrics_event(epoch: int | None, metrics: dict[str, float]) -> dict[str, Any]:
    return {**_base("metrics"), "epoch": epoch, "metrics": _metrics(metrics)}


def checkpoint_event(epoch: int, path: str | os.PathLike[str], kind: str) -> dict[str, Any]:
    if kind not in CHECKPOINT_KINDS:
        raise ValueError(f"checkpoint kind {kind!r}, expected one of {CHECKPOINT_KINDS}")
    return {**_base("checkpoint"), "epoch": int(epoch), "path": str(path), "kind": kind}


def artifact_event(kind: str, path: str | os.PathLike[str], *, sha256: str | None = None) -> dict[str, Any]:
    if kind not in ARTIFACT_KINDS:
        raise ValueError(f"artifact kind {kind!r}, expected one of {ARTIFACT_KINDS}")
    event = {**_base("artifact"), "kind": kind, "path": str(path)}
    try:
        event["bytes"] = os.path.getsize(path)
    except OSError:
        pass
    if sha256 is not None:
        event["sha256"] = sha256
    return event


def done_event(status: str, *, reason: str | None, best_epoch: int | None, metrics: dict[str, float], model: str | None, seconds: float) -> dict[str, Any]:
    if status not in ("finished", "cancelled"):
        raise ValueError(f"done status {status!r}, expected finished or cancelled")
    return {
        **_base("done"),
        "status": status,
        "reason": reason,
        "bestEpoch": best_epoch,
        "metrics": _metrics(metrics),
        "model": model,
        "seconds": max(0.0, float(seconds)),
    }


def error_event(kind: str, message: str, file: str | None = None) -> dict[str, Any]:
    if kind not in ERROR_KINDS:
        raise ValueError(f"error kind {kind!r}, expected one of {sorted(ERROR_KINDS)}")
    return {**_base("error"), "kind": kind, "message": message, "file": file}


# ---- transport ----


def is_rank_zero() -> bool:
    """torchrun sets RANK for every worker; a plain process is rank 0."""
    return os.environ.get("RANK", "0") == "0"


class _SocketWriter:
    """The events socket: writes lines, and ends the process when the parent's side closes."""

    def __init__(self, name: str, on_gone: Callable[[], None]) -> None:
        self._lock = threading.Lock()
        self._on_gone = on_gone
        if os.name == "nt":
            # A Windows named pipe (\\.\pipe\...) opens as a file. A synchronous handle serialises its
            # I/O, so a blocked read would stall every write: there the parent's death shows as the next
            # write failing instead (see write()).
            self._file = open(name, "r+b", buffering=0)  # noqa: SIM115 - lives as long as the process
            self._send = self._file.write
            return
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.connect(name)
        self._send = self._sock.sendall
        threading.Thread(target=self._watch, args=(lambda: self._sock.recv(4096), on_gone), name="udw-events-watch", daemon=True).start()

    @staticmethod
    def _watch(read: Callable[[], bytes], on_gone: Callable[[], None]) -> None:
        while True:
            try:
                data = read()
            except InterruptedError:
                continue
            except OSError:
                data = b""
            if not data:
                on_gone()
                return
            # The parent never writes; whatever arrives is dropped.

    def write(self, data: bytes) -> None:
        with self._lock:
            try:
                self._send(data)
            except OSError:
                # The other end is gone: the parent died (on POSIX the watch thread usually sees it first).
                self._on_gone()
                raise


class _FdWriter:
    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._lock = threading.Lock()

    def write(self, data: bytes) -> None:
        with self._lock:
            while data:
                written = os.write(self._fd, data)
                data = data[written:]


def _exit_parent_gone() -> None:
    os._exit(PARENT_GONE_EXIT_CODE)


class EventSink:
    """Where this process's events go: the parent's channel (if any) and the run folder's events.jsonl."""

    def __init__(self, writer: Any | None, enabled: bool) -> None:
        self._writer = writer
        self._enabled = enabled
        self._log: Any | None = None
        self.log_path: Path | None = None
        self.last: dict[str, Any] | None = None

    @classmethod
    def from_env(cls, on_gone: Callable[[], None] = _exit_parent_gone) -> "EventSink":
        if not is_rank_zero():
            return cls(None, enabled=False)
        sock = os.environ.get(EVENTS_SOCKET_ENV)
        if sock:
            try:
                return cls(_SocketWriter(sock, on_gone), enabled=True)
            except OSError as exc:
                raise BridgeError("usage", f"{EVENTS_SOCKET_ENV}={sock}: cannot connect to the events socket ({exc}); expected a listening local socket") from exc
        raw = os.environ.get(EVENTS_FD_ENV)
        if raw:
            try:
                fd = int(raw)
                os.fstat(fd)
            except (ValueError, OSError):
                # Under torchrun a worker inherits the variable but not the fd: it has no channel.
                return cls(None, enabled=True)
            return cls(_FdWriter(fd), enabled=True)
        return cls(None, enabled=True)

    @property
    def enabled(self) -> bool:
        return self._enabled

    def copy_to(self, path: str | os.PathLike[str]) -> None:
        """Append every event from now on to this file as well (the run folder's events.jsonl)."""
        if not self._enabled or self._log is not None:
            return
        self.log_path = Path(path)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def emit(self, event: dict[str, Any]) -> None:
        if not self._enabled:
            return
        self.last = event
        line = json.dumps(event, allow_nan=False, separators=(",", ":")) + "\n"
        self.emit_line(line)

    def emit_line(self, line: str) -> None:
        """Forward one already-encoded event line (the torchrun launcher relays its workers' lines)."""
        if not self._enabled:
            return
        if self._log is not None:
            self._log.write(line)
            self._log.flush()
        if self._writer is not None:
            try:
                self._writer.write(line.encode("utf-8"))
            except (BrokenPipeError, ConnectionError):
                # The parent is gone; the watch thread (socket) or parent_watch (fd) ends the process.
                self._writer = None

    def close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
