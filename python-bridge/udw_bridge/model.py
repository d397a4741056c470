"""A 1-D U-Net over (batch, channels, length) that draws one heatmap per keypoint class.

The pattern of seismic phase pickers (PhaseNet): an encoder that halves the length `depth` times, a decoder
that restores it with skip connections, and a 1x1 head with one logit curve per class. Any length works:
the input is padded at the end to a multiple of 2**depth and the output cut back, with shape arithmetic
that stays symbolic in the ONNX graph, so the exported model accepts every batch size and length.
GroupNorm rather than BatchNorm: padded batches and one-file inference behave the same as training.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn import functional as F


@dataclass(frozen=True)
class ModelConfig:
    in_channels: int
    classes: int
    width: int = 16
    depth: int = 4
    kernel: int = 7

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _groups(channels: int) -> int:
    for g in (8, 4, 2):
        if channels % g == 0:
            return g
    return 1


class ConvBlock(nn.Module):
    """Two convolutions, each followed by GroupNorm and GELU."""

    def __init__(self, cin: int, cout: int, kernel: int) -> None:
        super().__init__()
        pad = kernel // 2
        self.body = nn.Sequential(
            nn.Conv1d(cin, cout, kernel, padding=pad),
            nn.GroupNorm(_groups(cout), cout),
            nn.GELU(),
            nn.Conv1d(cout, cout, kernel, padding=pad),
            nn.GroupNorm(_groups(cout), cout),
            nn.GELU(),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)


class UNet1d(nn.Module):
    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        widths = [config.width * 2**i for i in range(config.depth + 1)]
        self.stem = ConvBlock(config.in_channels, widths[0], config.kernel)
        self.down = nn.ModuleList(ConvBlock(widths[i], widths[i + 1], config.kernel) for i in range(config.depth))
        self.up = nn.ModuleList(nn.ConvTranspose1d(widths[i + 1], widths[i], 2, stride=2) for i in reversed(range(config.depth)))
        self.merge = nn.ModuleList(ConvBlock(2 * widths[i], widths[i], config.kernel) for i in reversed(range(config.depth)))
        self.head = nn.Conv1d(widths[0], config.classes, 1)

    @property
    def multiple(self) -> int:
        return 2**self.config.depth

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits (batch, classes, length) for signals (batch, channels, length)."""
        length = x.shape[-1]
        # Pad to the next multiple by padding a full multiple and cutting: the cut length is computed
        # from the input's shape, so tracing keeps it symbolic instead of freezing one length.
        m = self.multiple
        padded_length = (length + m - 1) // m * m
        x = F.pad(x, (0, m), mode="replicate")[..., :padded_length]
        skips = []
        h = self.stem(x)
        for block in self.down:
            skips.append(h)
            h = block(F.max_pool1d(h, 2))
        for up, merge, skip in zip(self.up, self.merge, reversed(skips)):
            h = merge(torch.cat([up(h), skip], dim=1))
        return self.head(h)[..., :length]


def build_model(config: ModelConfig) -> UNet1d:
    return UNet1d(config)
