"""Command line of the bridge. Machine output is one JSON object per line on stdout.

Exit codes: 0 ok, 2 usage error, 3 a required component is missing.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import __version__, doctor, parent_watch


def main(argv: list[str] | None = None) -> int:
    # Started by the workstation with a control pipe: exit if it dies, never linger as an orphan.
    parent_watch.start_from_env()
    parser = argparse.ArgumentParser(prog="udw_bridge", description="UOS Drilling Workstation Python bridge")
    parser.add_argument("--version", action="store_true", help="print the bridge version and exit")
    sub = parser.add_subparsers(dest="command")
    doc = sub.add_parser("doctor", help="report Python, torch (CUDA/MPS), onnx and numpy")
    doc.add_argument("--require-torch", action="store_true", help="exit 3 when torch is not importable")
    args = parser.parse_args(argv)

    if args.version:
        print(json.dumps({"type": "version", "bridge": __version__, "python": sys.version.split()[0]}))
        return 0
    if args.command == "doctor":
        result = doctor.report()
        print(json.dumps(result))
        if args.require_torch and not result["torch"]["installed"]:
            return 3
        return 0
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
