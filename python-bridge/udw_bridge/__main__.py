"""Command line of the bridge: doctor, train, evaluate, export.

doctor and --version print one JSON object on stdout. train/evaluate/export write protocol events
(protocol.py) to the channel the workstation gave them and a human console (tqdm bars, epoch lines) on
stderr/stdout.

Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 a required component missing (torch, onnx, onnxruntime),
4 the dataset or a checkpoint unreadable or invalid, 5 the exported ONNX model did not match PyTorch,
6 cancelled (SIGTERM: a checkpoint was written first).
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from typing import Any, Callable

from . import __version__, doctor, parent_watch
from .protocol import EXIT_INTERNAL, EXIT_MISSING_COMPONENT, EXIT_USAGE, BridgeError, EventSink, error_event

COMMANDS = {
    "train": "train the keypoint model on a snapshot (checkpoints, evaluation, verified ONNX export)",
    "evaluate": "evaluate a checkpoint on a snapshot split (evaluation.json and plots)",
    "export": "export a checkpoint to ONNX and verify it against PyTorch",
}


class _Parser(argparse.ArgumentParser):
    """argparse that also reports a usage error as a protocol event before exiting 2."""

    sink: EventSink | None = None

    def error(self, message: str) -> Any:  # type: ignore[override]
        if _Parser.sink is not None:
            _Parser.sink.emit(error_event("usage", f"{self.prog}: {message}"))
        super().error(message)


def _command_module(name: str) -> Any:
    if name == "train":
        from . import train as module
    elif name == "evaluate":
        from . import evaluate as module
    else:
        from . import export as module
    return module


def build_parser(load_commands: bool = True) -> tuple[argparse.ArgumentParser, dict[str, Callable]]:
    """load_commands False keeps torch unimported (doctor, --version): they must work without it."""
    parser = _Parser(prog="udw_bridge", description="UOS Drilling Workstation Python bridge", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--version", action="store_true", help="print the bridge version and exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    doc = sub.add_parser("doctor", help="report Python, torch (CUDA/MPS), onnx and numpy")
    doc.add_argument("--require-torch", action="store_true", help="exit 3 when torch is not importable")
    mains: dict[str, Callable] = {}
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text, formatter_class=argparse.ArgumentDefaultsHelpFormatter)
        try:
            if not load_commands:
                raise ImportError("not loaded")
            module = _command_module(name)
        except ImportError:
            # torch or numpy missing: the command exists but says what to install when run.
            p.add_argument("rest", nargs=argparse.REMAINDER)
            continue
        module.add_arguments(p)
        mains[name] = module.main
    return parser, mains


def _run(command: str, run: Callable, args: argparse.Namespace, argv: list[str], sink: EventSink) -> int:
    try:
        return run(args, sink, argv)
    except BridgeError as err:
        sink.emit(error_event(err.kind, err.message, err.file))
        print(f"udw_bridge {command}: {err.message}", file=sys.stderr, flush=True)
        return err.exit_code
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - reported as an internal error with the traceback
        traceback.print_exc()
        sink.emit(error_event("internal", f"{type(exc).__name__}: {exc}"))
        return EXIT_INTERNAL
    finally:
        sink.close()


def main(argv: list[str] | None = None) -> int:
    # Started by the workstation with a control pipe: exit if it dies, never linger as an orphan.
    parent_watch.start_from_env()
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    sink = EventSink(None, enabled=False)
    if command in COMMANDS:
        try:
            sink = EventSink.from_env()
        except BridgeError as err:
            print(f"udw_bridge: {err.message}", file=sys.stderr)
            return err.exit_code
        _Parser.sink = sink
    parser, mains = build_parser(load_commands=command in COMMANDS)
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
    if args.command in COMMANDS:
        if args.command not in mains:
            message = f"{args.command} needs torch, numpy, onnx and onnxruntime; install them with pip install -r python-bridge/requirements.txt"
            sink.emit(error_event("missing_component", message))
            print(f"udw_bridge: {message}", file=sys.stderr)
            return EXIT_MISSING_COMPONENT
        own = argv[argv.index(args.command) + 1 :]
        return _run(args.command, mains[args.command], args, own, sink)
    parser.print_help(sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
