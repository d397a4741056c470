"""Exit when the parent process is gone, so the bridge is never left running as an orphan.

The workstation (src/main/process/managedProcess.ts) starts the bridge with a control pipe at the fd named
by ``UDW_PARENT_WATCH_FD``. The parent never writes to it; when the parent dies, however it dies (even
SIGKILL), the kernel closes its end and a read here returns EOF. A daemon thread blocks on that read and
then ends the whole process with ``os._exit``: no cleanup handlers, because nobody is left to report to.
Keep the names and numbers in step with src/main/process/childFds.ts.
"""

from __future__ import annotations

import os
import stat
import threading
from typing import Callable

PARENT_WATCH_FD_ENV = "UDW_PARENT_WATCH_FD"
PARENT_GONE_EXIT_CODE = 69  # EX_UNAVAILABLE

_started = False


def _watch(fd: int, on_gone: Callable[[], None]) -> None:
    while True:
        try:
            data = os.read(fd, 4096)
        except InterruptedError:
            continue
        except OSError:
            data = b""
        if not data:
            on_gone()
            return
        # The parent never writes; whatever arrives is dropped.


def _exit_now() -> None:
    os._exit(PARENT_GONE_EXIT_CODE)


def start_from_env(on_gone: Callable[[], None] = _exit_now) -> bool:
    """Start watching the control pipe if this process was given one; return whether it was.

    The variable is removed from the environment first, so this process's own children do not take some
    unrelated fd of theirs for a control pipe.
    """
    global _started
    if _started:
        return True
    raw = os.environ.pop(PARENT_WATCH_FD_ENV, None)
    if raw is None:
        return False
    try:
        fd = int(raw)
        mode = os.fstat(fd).st_mode
    except (ValueError, OSError):
        return False
    if not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
        return False
    threading.Thread(target=_watch, args=(fd, on_gone), name="udw-parent-watch", daemon=True).start()
    _started = True
    return True
