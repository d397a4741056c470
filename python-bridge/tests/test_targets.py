"""Targets, peak picking with sub-sample refinement, confidence, augmentation, and the U-Net's shapes."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from udw_bridge.augment import Augmentation, augment, shift_signal
from udw_bridge.metrics import evaluation, grip_code, keypoint_figures
from udw_bridge.model import ModelConfig, UNet1d
from udw_bridge.targets import gaussian_targets, heatmap_loss, pick_peaks


@pytest.mark.parametrize("centre", [40.0, 40.3, 40.5, 40.77, 3.2])
def test_a_peak_between_samples_is_found_to_a_fraction_of_a_sample(centre: float):
    heat = gaussian_targets(torch.tensor([[centre]]), 100, sigma=2.0)[0].numpy()
    position, confidence = pick_peaks(heat, sigma=2.0)
    assert abs(position[0] - centre) < 0.05
    assert confidence[0] > 0.95


def test_two_similar_peaks_are_less_sure_than_one():
    one = gaussian_targets(torch.tensor([[30.0]]), 200, 2.0)[0].numpy()
    two = one + 0.9 * gaussian_targets(torch.tensor([[150.0]]), 200, 2.0)[0].numpy()
    low = 0.3 * one
    c_one, c_two, c_low = (pick_peaks(h, 2.0)[1][0] for h in (one, two, low))
    assert c_two < 0.2 < c_one and c_low < c_one
    assert abs(pick_peaks(two, 2.0)[0][0] - 30.0) < 0.05


def test_the_loss_ignores_padding_and_unlabelled_classes():
    positions = torch.tensor([[10.0, float("nan")]])
    valid = torch.ones(1, 64, dtype=torch.bool)
    valid[0, 40:] = False
    target = gaussian_targets(positions, 64, 2.0)
    good = torch.logit(target.clamp(1e-4, 1 - 1e-4))
    noisy = good.clone()
    noisy[0, 1] = 5.0  # the unlabelled class: anything goes
    noisy[0, 0, 40:] = 5.0  # past the end: anything goes
    assert torch.isclose(heatmap_loss(good, positions, valid, 2.0, 10.0), heatmap_loss(noisy, positions, valid, 2.0, 10.0))
    worse = good.clone()
    worse[0, 0, 20] = 5.0
    assert heatmap_loss(worse, positions, valid, 2.0, 10.0) > heatmap_loss(good, positions, valid, 2.0, 10.0)


def test_a_depth_shift_moves_the_labels_with_the_signal():
    x = np.arange(20, dtype=np.float32)[None].repeat(2, 0)
    shifted, labels = shift_signal(x, np.array([5.0, np.nan, 18.5]), 3)
    assert shifted[0, 8] == x[0, 5] and labels[0] == 8.0 and np.isnan(labels[1])
    assert np.isnan(labels[2])  # pushed off the grid: unlabelled rather than wrong
    back, labels = shift_signal(x, np.array([5.0]), -4)
    assert back[0, 1] == x[0, 5] and labels[0] == 1.0 and back[0, -1] == x[0, -1]


def test_augmentation_keeps_labels_on_the_grid_and_is_reproducible():
    x = np.random.default_rng(0).normal(size=(2, 300)).astype(np.float32)
    p = np.array([np.nan, 20.0, 280.0])
    aug = Augmentation(noise=0.05, gain=0.1, offset=0.1, shift=100)
    a1 = augment(x, p, aug, np.random.default_rng([1, 2, 3]))
    a2 = augment(x, p, aug, np.random.default_rng([1, 2, 3]))
    assert np.array_equal(a1[0], a2[0]) and np.array_equal(a1[1], a2[1], equal_nan=True)
    for seed in range(30):
        _, moved = augment(x, p, aug, np.random.default_rng(seed))
        assert np.isnan(moved[0]) and 0 <= moved[1] and moved[2] <= 299 and moved[2] - moved[1] == 260.0


@pytest.mark.parametrize("length", [1, 37, 64, 250])
def test_the_unet_keeps_any_length(length: int):
    model = UNet1d(ModelConfig(in_channels=2, classes=3, width=8, depth=3)).eval()
    with torch.no_grad():
        out = model(torch.randn(2, 2, length))
    assert out.shape == (2, 3, length)


def test_keypoint_figures_and_grip_codes():
    figures = keypoint_figures(np.array([0.1, -0.3, 0.2, np.nan, 1.5]))
    assert figures["n"] == 4
    assert figures["mae"] == pytest.approx(0.525) and figures["bias"] == pytest.approx(0.375)
    assert figures["within025"] == 0.5 and figures["within05"] == 0.75 and figures["within1"] == 0.75
    assert figures["max"] == 1.5 and figures["median"] == pytest.approx(0.25)
    assert keypoint_figures(np.array([np.nan]))["mae"] is None
    assert grip_code(np.array([0.0, 1.5874, 1.5875, 18.0])).tolist() == [1, 1, 2, 12]
    labels = np.array([[1.0, 5.0, 19.0], [1.0, 5.0, 19.0], [np.nan, 5.0, 19.0]])
    predicted = np.array([[1.0, 5.0, 19.1], [1.0, 5.0, 20.5], [2.0, 5.0, 19.0]])
    result = evaluation(["entry", "cfrp_ti_transition", "exit"], labels, predicted, ["a", "a", "b"])
    # Depth 18 mm is code 12; 18.1 mm stays 12, 19.5 mm is 13; the third file has no entry label.
    assert result["gripCodeExact"] == 0.5
    assert set(result["groups"]) == {"a", "b"} and result["groups"]["b"]["entry"]["n"] == 0
    assert set(result["keypoints"]["exit"]) == {"n", "mae", "rmse", "median", "p95", "max", "bias", "within025", "within05", "within1"}
