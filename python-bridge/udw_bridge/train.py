"""`python -m udw_bridge train`: fit the keypoint U-Net on a snapshot's training split.

AdamW with a warm-up then cosine learning rate per epoch; validation loss and keypoint MAE every epoch; the
best epoch (lowest mean validation MAE, or loss with --select loss) is kept as best.pt and early stopping
ends the run after --patience epochs without improvement. checkpoints/last.pt is written every epoch, and on
SIGTERM (cancel) mid-epoch, holding the batch reached: `--resume` continues exactly from there, because each
epoch's order comes from (seed, epoch) and each batch's augmentation from (seed, epoch, batch, rank).
At the end the best model is evaluated on the validation split and exported to a verified model.onnx.
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import signal
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DistributedSampler
from tqdm import tqdm

from . import checkpoint, distributed
from .augment import Augmentation
from .batches import chunks, training_batch
from .dataset import Snapshot, load_snapshot
from .evaluate import write_evaluation
from .export import export_onnx
from .model import ModelConfig, build_model
from .protocol import EXIT_CANCELLED, EXIT_OK, BridgeError, EventSink, artifact_event, checkpoint_event, done_event, epoch_event, metrics_event, start_event, step_event
from .runtime import check_compatible, model_from_checkpoint, resolve_device, seed_everything, set_threads
from .targets import heatmap_loss
from .validation import STEP_EVENT_INTERVAL_S, selection_value, validate

def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dataset", required=True, help="snapshot folder (manifest.json, signals/, labels.npy)")
    p.add_argument("--out", default=None, help="run folder for checkpoints/, model.onnx, evaluation.json, events.jsonl (default: runs/RUN_ID)")
    p.add_argument("--run-id", default=None, help="run id recorded in checkpoints and the ONNX metadata (default: run- and 12 random hex digits)")
    p.add_argument("--epochs", type=int, default=30, help="epochs to train (early stopping may end sooner)")
    p.add_argument("--batch-size", type=int, default=8, help="files per batch (per worker under torchrun)")
    p.add_argument("--lr", type=float, default=3e-3, help="peak learning rate of AdamW")
    p.add_argument("--weight-decay", type=float, default=1e-4, help="AdamW weight decay")
    p.add_argument("--warmup", type=int, default=2, help="epochs of linear learning-rate warm-up before the cosine decay")
    p.add_argument("--patience", type=int, default=10, help="epochs without a better validation figure before early stopping (0 = never stop early)")
    p.add_argument("--select", choices=("mae", "loss"), default="mae", help="what picks the best epoch: mean validation keypoint MAE, or validation loss")
    p.add_argument("--sigma", type=float, default=2.0, help="width of the Gaussian target curves, in samples")
    p.add_argument("--pos-weight", type=float, default=20.0, help="extra loss weight on samples under a target curve")
    p.add_argument("--width", type=int, default=16, help="channels of the U-Net's first level (doubled at each level)")
    p.add_argument("--depth", type=int, default=4, help="down-sampling levels of the U-Net (length is padded to a multiple of 2**depth)")
    p.add_argument("--kernel", type=int, default=7, help="convolution kernel size (odd)")
    p.add_argument("--crop", type=int, default=0, help="training window in samples holding the keypoints (0 = whole files: the model must also see what comes after the exit, e.g. the countersink); validation always uses whole files")
    p.add_argument("--aug-noise", type=float, default=0.02, help="augmentation: white-noise standard deviation (normalised units)")
    p.add_argument("--aug-gain", type=float, default=0.1, help="augmentation: per-channel gain range ±")
    p.add_argument("--aug-offset", type=float, default=0.05, help="augmentation: per-channel offset range ± (normalised units)")
    p.add_argument("--aug-shift", type=int, default=100, help="augmentation: largest depth shift in samples (the labels move with it)")
    p.add_argument("--no-augment", action="store_true", help="train without augmentation")
    p.add_argument("--fold", type=int, default=None, help="k-fold snapshot: this fold is validation, the others train")
    p.add_argument("--seed", type=int, default=0, help="seeds Python, numpy and torch, the epoch order and the augmentation")
    p.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto", help="where to train (auto: CUDA, then MPS, then CPU)")
    p.add_argument("--threads", type=int, default=0, help="CPU threads per worker (0: the cores shared between local workers)")
    p.add_argument("--nproc", type=int, default=1, help="local worker processes: more than 1 runs this command under torchrun (DistributedDataParallel)")
    p.add_argument("--resume", default=None, metavar="CHECKPOINT", help="continue from a checkpoint (checkpoints/last.pt of an earlier run)")
    p.add_argument("--no-export", action="store_true", help="skip the ONNX export at the end")
    p.add_argument("--dry-run", action="store_true", help="one batch of each phase, then evaluate and export as usual")


@dataclass
class TrainState:
    """What early stopping and a resume need besides the tensors."""

    epoch: int = 0  # epochs completed
    step: int = 0  # batches done in epoch + 1 (a cancel mid-epoch)
    partial_loss: float = 0.0
    partial_samples: int = 0
    best_value: float = math.inf
    best_epoch: int | None = None
    bad_epochs: int = 0
    history: list[dict[str, float]] = field(default_factory=list)


def schedule(warmup: int, epochs: int):
    """Learning-rate factor per epoch: linear warm-up, then cosine to 5 % of the peak."""

    def factor(epoch: int) -> float:
        if epoch < warmup:
            return (epoch + 1) / (warmup + 1)
        span = max(1, epochs - warmup)
        return 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, (epoch - warmup) / span)))

    return factor


class Cancel:
    """SIGTERM sets a flag; the loop checkpoints at the next batch boundary and exits 6."""

    def __init__(self) -> None:
        self.requested = False

    def install(self) -> None:
        signal.signal(signal.SIGTERM, self._handler)

    def _handler(self, _signum: int, _frame: object) -> None:
        self.requested = True


def default_run_id() -> str:
    return f"run-{secrets.token_hex(6)}"


def train(args: argparse.Namespace, sink: EventSink) -> int:
    started = time.monotonic()
    seed_everything(args.seed)
    device_kind = args.device if args.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")
    world = distributed.setup(device_kind)
    try:
        return _train(args, sink, world, started)
    finally:
        distributed.teardown(world)


def _checkpoint_payload(args, model, optimizer, scheduler, state: TrainState, config: ModelConfig, snapshot: Snapshot) -> dict[str, Any]:
    return {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "state": asdict(state),
        "rng": checkpoint.rng_state(),
        "model_config": config.as_dict(),
        "data": {
            "snapshotId": snapshot.snapshot_id,
            "channels": snapshot.channels,
            "classes": snapshot.classes,
            "stepMm": snapshot.step_mm,
            "mean": snapshot.mean.tolist(),
            "std": snapshot.std.tolist(),
        },
        "runId": args.run_id,
        "sigma": args.sigma,
        "params": {k: v for k, v in vars(args).items() if isinstance(v, (int, float, str, bool, type(None)))},
    }


def _train(args: argparse.Namespace, sink: EventSink, world: distributed.World, started: float) -> int:
    # First of all: a cancel that comes while the snapshot loads still ends in a checkpoint and exit 6.
    cancel = Cancel()
    cancel.install()
    device = resolve_device(args.device, world.local_rank)
    set_threads(args.threads, int(os.environ.get("LOCAL_WORLD_SIZE", "1")))
    out = Path(args.out)
    ckpt_dir = out / "checkpoints"
    if world.main:
        out.mkdir(parents=True, exist_ok=True)
        sink.copy_to(out / "events.jsonl")
    snapshot = load_snapshot(args.dataset)
    train_idx = snapshot.split_indices("train", args.fold)
    val_idx = snapshot.split_indices("val", args.fold)
    if not train_idx:
        raise BridgeError("dataset", f"{snapshot.root / 'manifest.json'}: the training split is empty; expected at least one file with split 'train'", file=snapshot.root / "manifest.json")

    resumed = checkpoint.load(args.resume) if args.resume else None
    if resumed is not None:
        check_compatible(resumed, snapshot, args.resume)
        config = ModelConfig(**resumed["model_config"])
        # The architecture and targets are the checkpoint's; the start event reports those, not the flags.
        args.width, args.depth, args.kernel = config.width, config.depth, config.kernel
        args.sigma = float(resumed["sigma"])
        args.run_id = args.run_id or resumed["runId"]
        # The model reads signals normalised as it was trained, whatever this snapshot's statistics are.
        snapshot.normalisation = {"mean": resumed["data"]["mean"], "std": resumed["data"]["std"]}
    else:
        config = ModelConfig(len(snapshot.channels), len(snapshot.classes), args.width, args.depth, args.kernel)
    model = build_model(config).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule(args.warmup, args.epochs))
    state = TrainState()
    if resumed is not None:
        model.load_state_dict(resumed["model"])
        optimizer.load_state_dict(resumed["optimizer"])
        scheduler.load_state_dict(resumed["scheduler"])
        # The schedule follows this run's --epochs (a resume may extend a run), not the one saved.
        for group, base in zip(optimizer.param_groups, scheduler.base_lrs):
            group["lr"] = base * schedule(args.warmup, args.epochs)(scheduler.last_epoch)
        state = TrainState(**resumed["state"])
        checkpoint.set_rng_state(resumed["rng"])
    net = DistributedDataParallel(model) if world.distributed else model
    aug = None if args.no_augment else Augmentation(args.aug_noise, args.aug_gain, args.aug_offset, args.aug_shift)

    params = {k: v for k, v in vars(args).items() if k not in ("func",)}
    sink.emit(
        start_event(
            "train",
            torch_version=torch.__version__,
            device=str(device),
            world_size=world.size,
            rank=world.rank,
            backend=world.backend,
            params=params,
            dataset={"snapshotId": snapshot.snapshot_id, "train": len(train_idx), "val": len(val_idx)},
            epochs=args.epochs,
            start_epoch=state.epoch,
        )
    )
    sampler = DistributedSampler(range(len(train_idx)), num_replicas=world.size, rank=world.rank, shuffle=True, seed=args.seed, drop_last=False)

    def save(kind: str) -> None:
        if not world.main:
            return
        path = checkpoint.save(ckpt_dir / ("best.pt" if kind == "best" else "last.pt"), _checkpoint_payload(args, model, optimizer, scheduler, state, config, snapshot))
        sink.emit(checkpoint_event(state.epoch, path, kind))

    def cancelled() -> int:
        save("cancel")
        sink.emit(done_event("cancelled", reason="SIGTERM", best_epoch=state.best_epoch, metrics=state.history[-1] if state.history else {}, model=None, seconds=time.monotonic() - started))
        return EXIT_CANCELLED

    stop_reason = None
    for epoch in range(state.epoch + 1, args.epochs + 1):
        sampler.set_epoch(epoch)
        order = [train_idx[i] for i in sampler]
        batches = chunks(order, args.batch_size)
        if args.dry_run:
            batches = batches[:1]
        net.train()
        epoch_start = time.monotonic()
        last_emit = 0.0
        bar = tqdm(total=len(batches), initial=state.step, desc=f"epoch {epoch}/{args.epochs} train", file=sys.stderr, leave=False, disable=not world.main, dynamic_ncols=True)
        for step in range(state.step + 1, len(batches) + 1):
            if distributed.any_rank(world, cancel.requested):
                bar.close()
                return cancelled()
            rng = np.random.default_rng([args.seed, epoch, step, world.rank])
            batch = training_batch(snapshot, batches[step - 1], aug, args.crop, rng).to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = heatmap_loss(net(batch.signals), batch.positions, batch.valid, args.sigma, args.pos_weight)
            loss.backward()
            optimizer.step()
            state.step = step
            state.partial_loss += loss.item() * len(batch.lengths)
            state.partial_samples += len(batch.lengths)
            bar.update(1)
            bar.set_postfix(loss=f"{loss.item():.4f}")
            now = time.monotonic()
            if world.main and (now - last_emit >= STEP_EVENT_INTERVAL_S or step == len(batches)):
                sink.emit(step_event("train", epoch, step, len(batches), loss.item()))
                last_emit = now
        bar.close()
        train_seconds = time.monotonic() - epoch_start
        loss_sum, samples = distributed.sum_all(world, [state.partial_loss, float(state.partial_samples)])
        metrics = {"train/loss": loss_sum / max(1.0, samples), "lr": optimizer.param_groups[0]["lr"]}
        if world.main and val_idx:
            metrics.update(validate(model, snapshot, val_idx, args, device, epoch, sink, world.main))
        distributed.barrier(world)
        scheduler.step()
        state.epoch, state.step, state.partial_loss, state.partial_samples = epoch, 0, 0.0, 0
        best = False
        if world.main:
            value = selection_value(metrics, args.select, snapshot.classes) if val_idx else metrics["train/loss"]
            best = value < state.best_value
            if best:
                state.best_value, state.best_epoch, state.bad_epochs = value, epoch, 0
            else:
                state.bad_epochs += 1
            state.history.append(metrics)
            save("last")
            if best:
                save("best")
            sink.emit(
                epoch_event(
                    epoch,
                    args.epochs,
                    train_loss=metrics["train/loss"],
                    val_loss=metrics.get("val/loss"),
                    lr=metrics["lr"],
                    seconds=time.monotonic() - epoch_start,
                    samples_per_second=samples / max(train_seconds, 1e-9),
                    best=best,
                )
            )
            sink.emit(metrics_event(epoch, metrics))
            summary = "  ".join(f"{k} {v:.4g}" for k, v in metrics.items())
            print(f"epoch {epoch}/{args.epochs}  {summary}{'  (best)' if best else ''}", file=sys.stderr, flush=True)
        early = distributed.any_rank(world, world.main and args.patience > 0 and state.bad_epochs >= args.patience)
        if distributed.any_rank(world, cancel.requested):
            return cancelled()
        if early:
            stop_reason = f"early stopping: no better validation {args.select} for {args.patience} epochs"
            break
        if args.dry_run:
            stop_reason = "dry run: one batch of each phase"
            break

    if not world.main:
        return EXIT_OK
    return _finish(args, sink, snapshot, val_idx or train_idx, device, out, state, stop_reason, started)


def _finish(args, sink: EventSink, snapshot: Snapshot, eval_idx: list[int], device, out: Path, state: TrainState, reason: str | None, started: float) -> int:
    """Evaluate the best checkpoint on validation, export it, and say done."""
    best_path = out / "checkpoints" / "best.pt"
    ckpt = checkpoint.load(best_path if best_path.exists() else out / "checkpoints" / "last.pt")
    model = model_from_checkpoint(ckpt).to(device)
    if args.dry_run:
        eval_idx = eval_idx[: args.batch_size]
    for kind, path in (("checkpoint", out / "checkpoints" / "last.pt"), ("checkpoint", best_path)):
        if path.exists():
            sink.emit(artifact_event(kind, path))
    evaluation, paths = write_evaluation(model, snapshot, eval_idx, device, float(ckpt["sigma"]), out, split="val" if snapshot.split_indices("val", args.fold) else "train", run_id=args.run_id)
    for kind, path in paths:
        sink.emit(artifact_event(kind, path))
    final = {}
    for cls, fig in evaluation["keypoints"].items():
        for key in ("mae", "p95", "max", "within025"):
            if fig[key] is not None:
                final[f"val/{cls}_{key}{'_mm' if key in ('mae', 'p95', 'max') else ''}"] = fig[key]
    if evaluation.get("gripCodeExact") is not None:
        final["val/grip_code_exact"] = evaluation["gripCodeExact"]
    sink.emit(metrics_event(None, final))
    model_path = None
    if not args.no_export:
        verify_idx = eval_idx[:1] if args.dry_run else eval_idx
        onnx_path, diff = export_onnx(model.cpu(), ckpt, out / "model.onnx", snapshot, verify_idx)
        sink.emit(artifact_event("onnx", onnx_path))
        final["export/max_abs_diff"] = diff
        model_path = str(onnx_path)
    sink.emit(done_event("finished", reason=reason, best_epoch=state.best_epoch, metrics=final, model=model_path, seconds=time.monotonic() - started))
    print(f"done: best epoch {state.best_epoch}; " + ", ".join(f"{k} {v:.4g}" for k, v in final.items()), file=sys.stderr, flush=True)
    return EXIT_OK


def main(args: argparse.Namespace, sink: EventSink, argv: list[str]) -> int:
    """argv: this command's own flags, forwarded unchanged to the torchrun workers of --nproc N."""
    if args.resume is None:
        args.run_id = args.run_id or default_run_id()
    if args.out is None:
        # A resume without --out continues in the folder the checkpoint belongs to (RUN/checkpoints/last.pt).
        args.out = str(Path("runs") / args.run_id) if args.resume is None else str(Path(args.resume).resolve().parent.parent)
    if args.nproc > 1 and "WORLD_SIZE" not in os.environ:
        forwarded = _without_nproc(argv)
        # Every worker must agree on the run id and folder, so the launcher fixes both.
        if args.run_id and not any(a == "--run-id" or a.startswith("--run-id=") for a in forwarded):
            forwarded += ["--run-id", args.run_id]
        if not any(a == "--out" or a.startswith("--out=") for a in forwarded):
            forwarded += ["--out", args.out]
        return distributed.launch_local(args.nproc, forwarded, sink)
    return train(args, sink)


def _without_nproc(argv: list[str]) -> list[str]:
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a == "--nproc":
            skip = True
            continue
        if a.startswith("--nproc="):
            continue
        out.append(a)
    return out
