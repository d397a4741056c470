"""Structured events to the workstation: one JSON object per line on the fd named by ``UDW_EVENTS_FD``.

The parent (src/main/process/managedProcess.ts, launched with an ``events`` schema) validates each line;
stdout stays free for the command's own output and stderr for logs.
"""

from __future__ import annotations

import json
import os
from typing import Any

EVENTS_FD_ENV = "UDW_EVENTS_FD"


def emit(event: dict[str, Any]) -> bool:
    """Send one event; False when this process has no event pipe."""
    raw = os.environ.get(EVENTS_FD_ENV)
    if raw is None:
        return False
    data = (json.dumps(event) + "\n").encode("utf-8")
    fd = int(raw)
    while data:
        written = os.write(fd, data)
        data = data[written:]
    return True
