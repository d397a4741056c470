"""What is installed: Python, torch (and its accelerators), onnx, numpy."""

from __future__ import annotations

import importlib
import platform
import sys
from typing import Any

from . import __version__


def _module_version(name: str) -> tuple[Any | None, str | None, str]:
    try:
        module = importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 - any import failure is a finding, not a crash
        return None, None, f"{type(exc).__name__}: {exc}"
    return module, getattr(module, "__version__", "unknown"), "installed"


def report() -> dict[str, Any]:
    torch, torch_version, torch_detail = _module_version("torch")
    cuda = mps = False
    cuda_devices: list[str] = []
    if torch is not None:
        cuda = bool(torch.cuda.is_available())
        if cuda:
            cuda_devices = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
        backends = getattr(torch, "backends", None)
        mps_backend = getattr(backends, "mps", None)
        mps = bool(mps_backend is not None and mps_backend.is_available())
    _, onnx_version, onnx_detail = _module_version("onnx")
    _, numpy_version, numpy_detail = _module_version("numpy")
    return {
        "type": "doctor",
        "bridge": __version__,
        "python": {"version": platform.python_version(), "executable": sys.executable},
        "torch": {
            "installed": torch is not None,
            "version": torch_version,
            "detail": torch_detail,
            "cuda": cuda,
            "cuda_devices": cuda_devices,
            "mps": mps,
        },
        "onnx": {"installed": onnx_version is not None, "version": onnx_version, "detail": onnx_detail},
        "numpy": {"installed": numpy_version is not None, "version": numpy_version, "detail": numpy_detail},
    }
