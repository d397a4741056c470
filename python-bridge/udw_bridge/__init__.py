"""Python side of the UOS Drilling Workstation: training, evaluation, verified ONNX export and a doctor report.

The workstation runs this package as a child process (``python -m udw_bridge train|evaluate|export|doctor``).
Training commands send protocol events (protocol.py) on a channel of their own and a human console on
stderr; doctor and --version print one JSON object on stdout. See python-bridge/README.md.
"""

__version__ = "0.1.0"
