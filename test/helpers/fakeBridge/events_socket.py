"""The child's side of the workstation's event socket (src/main/process/eventSocket.ts), for the test children.

Connects to the socket named by UDW_EVENTS_SOCKET, writes one JSON object per line, and can watch the
connection for end-of-file: the workstation never writes and never closes it while the child lives, so EOF
means the parent is gone. python-bridge/udw_bridge/protocol.py is the real one; this mirrors its contract
for the tests of the managed process and the training manager only.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from typing import Any, Callable

EVENTS_SOCKET_ENV = "UDW_EVENTS_SOCKET"
PROTOCOL_VERSION = 1


class Channel:
    def __init__(self) -> None:
        address = os.environ.get(EVENTS_SOCKET_ENV)
        self.sock: socket.socket | None = None
        if address:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.connect(address)
        self.lock = threading.Lock()

    def raw(self, text: str) -> None:
        if self.sock is not None:
            with self.lock:
                self.sock.sendall(text.encode("utf-8"))

    def emit(self, event: dict[str, Any]) -> None:
        self.raw(json.dumps({"v": PROTOCOL_VERSION, "t": time.time(), **event}) + "\n")

    def watch_parent(self, on_gone: Callable[[], None]) -> None:
        sock = self.sock
        if sock is None:
            return

        def watch() -> None:
            while True:
                try:
                    data = sock.recv(4096)
                except OSError:
                    data = b""
                if not data:
                    on_gone()
                    return

        threading.Thread(target=watch, daemon=True).start()
