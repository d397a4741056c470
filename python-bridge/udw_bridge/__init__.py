"""Python side of the UOS Drilling Workstation: training, ONNX export and a doctor report.

The Electron main process runs this package as a subprocess (``python -m udw_bridge ...``) and reads
JSON lines from stdout; human-readable logs go to stderr.
"""

__version__ = "0.1.0"
