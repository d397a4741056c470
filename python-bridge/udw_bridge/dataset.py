"""Reading a dataset snapshot (src/shared/training/manifest.ts) with numpy alone.

    DIR/manifest.json          schema version 1
    DIR/signals/<key>.npy      float32 (channels, length) on the depth grid depthStartMm + i * stepMm
    DIR/labels.npy             float64 (files, classes), keypoint depth in mm, NaN where a file has none

Every problem is a BridgeError of kind "dataset" (exit 4) naming the file and what was expected, so a
broken snapshot says what to rebuild instead of failing deep inside training.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .protocol import BridgeError

SCHEMA_VERSION = 1
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_KEY = re.compile(r"^[0-9a-f]{16}$")


def _fail(file: Path, message: str) -> BridgeError:
    return BridgeError("dataset", f"{file}: {message}", file=file)


def _require(obj: Any, key: str, kind: type | tuple[type, ...], where: str, file: Path) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise _fail(file, f"{where}: missing '{key}'")
    value = obj[key]
    # bool is an int in Python; a manifest number is never a boolean.
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,))):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise _fail(file, f"{where}.{key}: expected {names}, got {type(value).__name__}")
    return value


@dataclass(frozen=True)
class SnapshotFile:
    index: int
    key: str
    name: str
    path: str
    group: str
    split: str
    fold: int | None
    length: int
    depth_start_mm: float
    signal: Path
    signal_sha256: str


@dataclass
class Snapshot:
    """A loaded snapshot: the manifest, every file's signals (normalised) and the label matrix."""

    root: Path
    manifest: dict[str, Any]
    files: list[SnapshotFile]
    signals: list[np.ndarray]
    labels: np.ndarray
    normalisation: dict[str, list[float]] | None = None
    """Overrides the manifest's: a trained model normalises with what it was trained with."""

    @property
    def snapshot_id(self) -> str:
        return self.manifest["snapshotId"]

    @property
    def channels(self) -> list[str]:
        return list(self.manifest["channels"])

    @property
    def classes(self) -> list[str]:
        return list(self.manifest["classes"])

    @property
    def step_mm(self) -> float:
        return float(self.manifest["resampling"]["stepMm"])

    @property
    def mean(self) -> np.ndarray:
        return np.asarray((self.normalisation or self.manifest["normalisation"])["mean"], dtype=np.float32)

    @property
    def std(self) -> np.ndarray:
        # A constant channel has std 0: divide by 1 instead, it carries no information either way.
        std = np.asarray((self.normalisation or self.manifest["normalisation"])["std"], dtype=np.float32)
        return np.where(std > 1e-12, std, 1.0).astype(np.float32)

    def split_indices(self, split: str, fold: int | None = None) -> list[int]:
        """Files of a split. With a fold, that fold is validation and every other file is training."""
        if split == "all":
            return [f.index for f in self.files]
        if fold is not None:
            folds = self.manifest["split"].get("folds")
            if not folds:
                raise _fail(self.root / "manifest.json", f"--fold {fold} needs a snapshot made with k-fold (split.folds is null)")
            if not 0 <= fold < folds:
                raise _fail(self.root / "manifest.json", f"--fold {fold}: expected 0 … {folds - 1}")
            return [f.index for f in self.files if (f.fold == fold) == (split == "val")]
        return [f.index for f in self.files if f.split == split]

    def normalised(self, index: int) -> np.ndarray:
        return ((self.signals[index] - self.mean[:, None]) / self.std[:, None]).astype(np.float32)

    def label_samples(self, index: int) -> np.ndarray:
        """The file's keypoints as fractional sample positions on its grid (NaN = not labelled)."""
        f = self.files[index]
        return (self.labels[index] - f.depth_start_mm) / self.step_mm

    def depth_of(self, index: int, sample: np.ndarray | float) -> np.ndarray:
        return self.files[index].depth_start_mm + np.asarray(sample, dtype=np.float64) * self.step_mm


def read_manifest(root: Path) -> dict[str, Any]:
    file = root / "manifest.json"
    if not root.is_dir():
        raise BridgeError("dataset", f"{root}: expected a snapshot folder (manifest.json, signals/, labels.npy), found no folder", file=root)
    if not file.is_file():
        raise _fail(file, "missing; expected the snapshot's manifest.json (build one with `udw dataset create`)")
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(file, f"expected JSON, could not read it ({exc})") from exc
    validate_manifest(manifest, file)
    return manifest


def validate_manifest(m: Any, file: Path) -> None:
    """The parts of manifest.ts the bridge relies on, checked with the same names."""
    if not isinstance(m, dict):
        raise _fail(file, f"expected a JSON object, got {type(m).__name__}")
    version = _require(m, "schemaVersion", int, "manifest", file)
    if version != SCHEMA_VERSION:
        raise _fail(file, f"schemaVersion {version}: expected {SCHEMA_VERSION} (this bridge reads snapshot schema {SCHEMA_VERSION})")
    if not _HEX64.match(str(_require(m, "snapshotId", str, "manifest", file))):
        raise _fail(file, "snapshotId: expected 64 lowercase hex digits")
    channels = _require(m, "channels", list, "manifest", file)
    if not channels or not all(isinstance(c, str) for c in channels):
        raise _fail(file, "channels: expected a non-empty list of channel names")
    if any(c.lower().startswith(("step", "stop")) for c in channels):
        raise _fail(file, f"channels {channels}: step numbers and stop codes are never model inputs")
    resampling = _require(m, "resampling", dict, "manifest", file)
    step = _require(resampling, "stepMm", (int, float), "resampling", file)
    if not step > 0:
        raise _fail(file, f"resampling.stepMm {step}: expected a positive number")
    norm = _require(m, "normalisation", dict, "manifest", file)
    for key in ("mean", "std"):
        values = _require(norm, key, list, "normalisation", file)
        if len(values) != len(channels) or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in values):
            raise _fail(file, f"normalisation.{key}: expected {len(channels)} finite numbers (one per channel), got {values!r}")
    classes = _require(m, "classes", list, "manifest", file)
    if not classes or not all(isinstance(c, str) and c for c in classes):
        raise _fail(file, "classes: expected a non-empty list of class names")
    split = _require(m, "split", dict, "manifest", file)
    folds = split.get("folds")
    if folds is not None and (not isinstance(folds, int) or folds < 2):
        raise _fail(file, f"split.folds {folds!r}: expected null or an integer ≥ 2")
    arrays = _require(m, "arrays", dict, "manifest", file)
    if arrays.get("labels") != "labels.npy":
        raise _fail(file, f"arrays.labels {arrays.get('labels')!r}: expected 'labels.npy'")
    files = _require(m, "files", list, "manifest", file)
    if not files:
        raise _fail(file, "files: expected at least one file")
    for i, f in enumerate(files):
        where = f"files[{i}]"
        if not _KEY.match(str(_require(f, "key", str, where, file))):
            raise _fail(file, f"{where}.key: expected 16 lowercase hex digits")
        _require(f, "name", str, where, file)
        _require(f, "group", str, where, file)
        if _require(f, "split", str, where, file) not in ("train", "val"):
            raise _fail(file, f"{where}.split {f['split']!r}: expected 'train' or 'val'")
        fold = f.get("fold")
        if fold is not None and (not isinstance(fold, int) or fold < 0):
            raise _fail(file, f"{where}.fold {fold!r}: expected null or a non-negative integer")
        if _require(f, "length", int, where, file) < 1:
            raise _fail(file, f"{where}.length {f['length']}: expected a positive integer")
        _require(f, "depthStartMm", (int, float), where, file)
        signal = _require(f, "signal", str, where, file)
        if Path(signal).is_absolute() or ".." in Path(signal).parts:
            raise _fail(file, f"{where}.signal {signal!r}: expected a path inside the snapshot folder")
        _require(f, "signalSha256", str, where, file)
        labels = _require(f, "labels", dict, where, file)
        unknown = sorted(set(labels) - set(classes))
        if unknown:
            raise _fail(file, f"{where}.labels: classes {unknown} are not in classes {classes}")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _load_signal(root: Path, f: SnapshotFile, channels: int, verify: bool) -> np.ndarray:
    path = root / f.signal
    if not path.is_file():
        raise _fail(path, f"missing; expected the signals of {f.name} (manifest files[{f.index}])")
    if verify and _sha256(path) != f.signal_sha256:
        raise _fail(path, f"SHA-256 differs from manifest files[{f.index}].signalSha256: the snapshot was changed after it was built")
    try:
        array = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise _fail(path, f"expected a .npy array, could not read it ({exc})") from exc
    if array.dtype != np.float32:
        raise _fail(path, f"dtype {array.dtype}: expected float32")
    if array.shape != (channels, f.length):
        raise _fail(path, f"shape {array.shape}: expected (channels, length) = ({channels}, {f.length}) as the manifest says")
    if not np.isfinite(array).all():
        raise _fail(path, "holds NaN or infinite values: expected finite signals")
    return array


def load_snapshot(root: str | Path, *, verify_hashes: bool = True) -> Snapshot:
    root = Path(root)
    manifest = read_manifest(root)
    files = [
        SnapshotFile(
            index=i,
            key=f["key"],
            name=f["name"],
            path=str(f.get("path", f["name"])),
            group=f["group"],
            split=f["split"],
            fold=f.get("fold"),
            length=f["length"],
            depth_start_mm=float(f["depthStartMm"]),
            signal=Path(f["signal"]),
            signal_sha256=f["signalSha256"],
        )
        for i, f in enumerate(manifest["files"])
    ]
    channels = len(manifest["channels"])
    signals = [_load_signal(root, f, channels, verify_hashes) for f in files]
    labels_path = root / "labels.npy"
    if not labels_path.is_file():
        raise _fail(labels_path, "missing; expected float64 (files, classes) keypoint depths")
    try:
        labels = np.load(labels_path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise _fail(labels_path, f"expected a .npy array, could not read it ({exc})") from exc
    expected = (len(files), len(manifest["classes"]))
    if labels.dtype != np.float64 or labels.shape != expected:
        raise _fail(labels_path, f"{labels.dtype} {labels.shape}: expected float64 (files, classes) = {expected}")
    for i, f in enumerate(manifest["files"]):
        for j, cls in enumerate(manifest["classes"]):
            stated = f["labels"].get(cls)
            value = labels[i, j]
            if (stated is None) != bool(np.isnan(value)) or (stated is not None and abs(stated - value) > 1e-6):
                raise _fail(labels_path, f"row {i} ({f['name']}), class {cls}: {value} differs from the manifest's {stated}")
    return Snapshot(root=root, manifest=manifest, files=files, signals=signals, labels=labels.astype(np.float64))
