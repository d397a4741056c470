"""DistributedDataParallel under torchrun, and `train --nproc N`, which starts torchrun itself.

torchrun sets RANK, LOCAL_RANK and WORLD_SIZE for each worker; without them this is a plain single process.
gloo on CPU, nccl on CUDA. Only rank 0 logs, checkpoints, evaluates and exports; every rank trains on its
own DistributedSampler shard and DDP averages the gradients.

`train --nproc N` runs ``python -m torch.distributed.run --nproc_per_node N -m udw_bridge train …`` with the
same flags. The launcher relays events: it listens on a socket of its own, hands its name to the workers
as UDW_EVENTS_SOCKET (torchrun's workers do not inherit fds), and forwards rank 0's lines to its own
channel. Its exit code is what rank 0 reported (the last error's code, 6 after a cancel), since torchrun
itself only says that a worker failed. Multi-node: run torchrun directly with its rendezvous flags
(python-bridge/README.md).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.distributed as dist

from .protocol import ERROR_KINDS, EXIT_CANCELLED, EVENTS_FD_ENV, EVENTS_SOCKET_ENV, EventSink


@dataclass(frozen=True)
class World:
    size: int
    rank: int
    local_rank: int
    backend: str | None

    @property
    def main(self) -> bool:
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.size > 1


def setup(device_kind: str) -> World:
    size = int(os.environ.get("WORLD_SIZE", "1"))
    if size <= 1:
        return World(1, 0, 0, None)
    backend = "nccl" if device_kind == "cuda" else "gloo"
    dist.init_process_group(backend=backend)
    return World(size, dist.get_rank(), int(os.environ.get("LOCAL_RANK", "0")), backend)


def teardown(world: World) -> None:
    if world.distributed and dist.is_initialized():
        dist.destroy_process_group()


def any_rank(world: World, flag: bool) -> bool:
    """True on every rank when any rank says so: all ranks must stop at the same batch, or a collective hangs."""
    if not world.distributed:
        return flag
    t = torch.tensor([1.0 if flag else 0.0])
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item() > 0)


def sum_all(world: World, values: list[float]) -> list[float]:
    if not world.distributed:
        return values
    t = torch.tensor(values, dtype=torch.float64)
    dist.all_reduce(t, op=dist.ReduceOp.SUM)
    return t.tolist()


def barrier(world: World) -> None:
    if world.distributed:
        dist.barrier()


def _relay(server: socket.socket, sink: EventSink, last: dict[str, dict], readers: list[threading.Thread]) -> None:
    while True:
        try:
            conn, _ = server.accept()
        except OSError:
            return
        reader = threading.Thread(target=_relay_connection, args=(conn, sink, last), daemon=True)
        readers.append(reader)
        reader.start()


def _relay_connection(conn: socket.socket, sink: EventSink, last: dict[str, dict]) -> None:
    buffer = b""
    with conn:
        while True:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            buffer += data
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                text = line.decode("utf-8", errors="replace")
                try:
                    event = json.loads(text)
                except json.JSONDecodeError:
                    continue
                if event.get("type") in ("error", "done"):
                    last["event"] = event
                sink.emit_line(text + "\n")


def launch_local(nproc: int, argv: list[str], sink: EventSink) -> int:
    """Run this same `train` command under torchrun with nproc local workers; return rank 0's verdict."""
    env = dict(os.environ)
    env.pop(EVENTS_FD_ENV, None)
    server = None
    folder = None
    last: dict[str, dict] = {}
    readers: list[threading.Thread] = []
    if os.name != "nt":
        # A short path: AF_UNIX names are limited to about 100 bytes.
        folder = tempfile.mkdtemp(prefix="udw-")
        name = os.path.join(folder, "events.sock")
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(name)
        server.listen(4)
        env[EVENTS_SOCKET_ENV] = name
        threading.Thread(target=_relay, args=(server, sink, last, readers), daemon=True).start()
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={nproc}", "-m", "udw_bridge", "train", *argv]
    child = subprocess.Popen(command, env=env)
    cancelled = False

    def forward(signum: int, _frame: object) -> None:
        nonlocal cancelled
        cancelled = True
        child.send_signal(signum)

    previous = signal.signal(signal.SIGTERM, forward)
    try:
        code = child.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        # The workers are gone, so their connections are at EOF: let the readers forward the last lines.
        for reader in list(readers):
            reader.join(timeout=10)
        if server is not None:
            server.close()
        if folder is not None:
            Path(folder, "events.sock").unlink(missing_ok=True)
            os.rmdir(folder)
    event = last.get("event")
    if event and event.get("type") == "done":
        return EXIT_CANCELLED if event.get("status") == "cancelled" else 0
    if event and event.get("type") == "error":
        return ERROR_KINDS.get(event.get("kind"), 1)
    if cancelled:
        return EXIT_CANCELLED
    return code
