"""Small hand-written SVG plots of an evaluation: no plotting library needed to look at a run's errors."""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np

W, H, PAD = 480, 300, 44


def _svg(title: str, body: list[str]) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="11">',
            '<rect width="100%" height="100%" fill="white"/>',
            f'<text x="{W / 2}" y="16" text-anchor="middle" font-size="13">{html.escape(title)}</text>',
            *body,
            "</svg>",
        ]
    )


def _axes(x0: float, x1: float, y0: float, y1: float, xlabel: str, ylabel: str) -> list[str]:
    out = [
        f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - 10}" y2="{H - PAD}" stroke="black"/>',
        f'<line x1="{PAD}" y1="{H - PAD}" x2="{PAD}" y2="24" stroke="black"/>',
        f'<text x="{(W + PAD) / 2}" y="{H - 8}" text-anchor="middle">{html.escape(xlabel)}</text>',
        f'<text x="12" y="{H / 2}" text-anchor="middle" transform="rotate(-90 12 {H / 2})">{html.escape(ylabel)}</text>',
    ]
    for frac in (0.0, 0.5, 1.0):
        xv, yv = x0 + frac * (x1 - x0), y0 + frac * (y1 - y0)
        px, py = PAD + frac * (W - 10 - PAD), H - PAD - frac * (H - PAD - 24)
        out.append(f'<text x="{px:.1f}" y="{H - PAD + 14}" text-anchor="middle">{xv:.3g}</text>')
        out.append(f'<text x="{PAD - 4}" y="{py + 4:.1f}" text-anchor="end">{yv:.3g}</text>')
    return out


def error_histogram(cls: str, errors: np.ndarray) -> str:
    e = errors[np.isfinite(errors)]
    if e.size == 0:
        return _svg(f"{cls}: no labelled files", [])
    limit = max(0.25, float(np.abs(e).max()))
    counts, edges = np.histogram(e, bins=21, range=(-limit, limit))
    top = max(1, int(counts.max()))
    bw = (W - 10 - PAD) / len(counts)
    bars = []
    for i, c in enumerate(counts):
        h = c / top * (H - PAD - 24)
        bars.append(f'<rect x="{PAD + i * bw:.1f}" y="{H - PAD - h:.1f}" width="{bw - 1:.1f}" height="{h:.1f}" fill="#4c78a8"/>')
    zero = PAD + (0 - edges[0]) / (edges[-1] - edges[0]) * (W - 10 - PAD)
    bars.append(f'<line x1="{zero:.1f}" y1="24" x2="{zero:.1f}" y2="{H - PAD}" stroke="#e45756" stroke-dasharray="4 3"/>')
    return _svg(f"{cls}: error (predicted − label), n = {e.size}", _axes(-limit, limit, 0, top, "error (mm)", "files") + bars)


def predicted_vs_label(cls: str, labels: np.ndarray, predicted: np.ndarray) -> str:
    ok = np.isfinite(labels) & np.isfinite(predicted)
    if not ok.any():
        return _svg(f"{cls}: no labelled files", [])
    lab, pre = labels[ok], predicted[ok]
    lo, hi = float(min(lab.min(), pre.min())), float(max(lab.max(), pre.max()))
    if hi - lo < 1e-6:
        lo, hi = lo - 0.5, hi + 0.5

    def sx(v: float) -> float:
        return PAD + (v - lo) / (hi - lo) * (W - 10 - PAD)

    def sy(v: float) -> float:
        return H - PAD - (v - lo) / (hi - lo) * (H - PAD - 24)

    body = _axes(lo, hi, lo, hi, "label depth (mm)", "predicted depth (mm)")
    body.append(f'<line x1="{sx(lo):.1f}" y1="{sy(lo):.1f}" x2="{sx(hi):.1f}" y2="{sy(hi):.1f}" stroke="#999" stroke-dasharray="4 3"/>')
    body += [f'<circle cx="{sx(a):.1f}" cy="{sy(b):.1f}" r="2.5" fill="#4c78a8"/>' for a, b in zip(lab, pre)]
    return _svg(f"{cls}: predicted against label", body)


def write_plots(out: Path, classes: list[str], labels: np.ndarray, predicted: np.ndarray) -> list[Path]:
    paths = []
    for j, cls in enumerate(classes):
        if not np.isfinite(labels[:, j]).any():
            continue  # a class without labels (e.g. entry on MDB-MQL) has nothing to draw
        for name, text in ((f"evaluation-{cls}-errors.svg", error_histogram(cls, predicted[:, j] - labels[:, j])), (f"evaluation-{cls}-scatter.svg", predicted_vs_label(cls, labels[:, j], predicted[:, j]))):
            path = out / name
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths
