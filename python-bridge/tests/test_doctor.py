import json
import subprocess
import sys
from pathlib import Path

BRIDGE = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "udw_bridge", *args], cwd=BRIDGE, capture_output=True, text=True, timeout=120)


def test_version_is_json():
    out = run("--version")
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert data["type"] == "version"
    assert data["python"] == sys.version.split()[0]


def test_doctor_reports_real_torch():
    import torch

    out = run("doctor", "--require-torch")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["torch"]["installed"] is True
    assert data["torch"]["version"] == torch.__version__
    assert data["torch"]["cuda"] == torch.cuda.is_available()


def test_usage_error_exits_2():
    out = run()
    assert out.returncode == 2
