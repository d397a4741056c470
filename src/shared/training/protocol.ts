/**
 * The training bridge's event protocol: what `python -m udw_bridge train|evaluate|export` tells the
 * workstation while it runs, one JSON object per line on a channel of its own (never stdout: that is the
 * human console). Defined once here; python-bridge/udw_bridge/protocol.py mirrors it and both sides are
 * tested against the same fixture (test/fixtures/training/protocol-events.jsonl).
 *
 * Every event carries `v` (protocol version) and `t` (seconds since the epoch, float). Unknown extra fields
 * are allowed, so a newer bridge can add information without breaking an older app; a changed meaning
 * bumps `v`.
 */
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;

const Base = { v: z.literal(PROTOCOL_VERSION), t: z.number() };
const Count = z.number().int().nonnegative();
const Metrics = z.record(z.string(), z.number());

/** The process has started and read its configuration and dataset. */
export const StartEvent = z.looseObject({
  ...Base,
  type: z.literal('start'),
  command: z.enum(['train', 'evaluate', 'export']),
  bridge: z.string(),
  torch: z.string(),
  python: z.string(),
  /** Resolved device: 'cpu', 'cuda', 'cuda:0', 'mps'. */
  device: z.string(),
  world: z.object({ size: z.number().int().positive(), rank: Count, backend: z.string().nullable() }),
  /** Every parameter with its effective value (defaults filled in). */
  params: z.record(z.string(), z.unknown()),
  dataset: z.object({ snapshotId: z.string(), train: Count, val: Count }).nullable(),
  epochs: Count,
  /** Epoch the run continues from (resume), 0 for a fresh start. */
  startEpoch: Count,
});

/** Progress inside an epoch, at most a few per second. */
export const StepEvent = z.looseObject({
  ...Base,
  type: z.literal('step'),
  phase: z.enum(['train', 'val']),
  epoch: z.number().int().positive(),
  step: z.number().int().positive(),
  steps: z.number().int().positive(),
  loss: z.number().nullable(),
});

/** One finished epoch. */
export const EpochEvent = z.looseObject({
  ...Base,
  type: z.literal('epoch'),
  epoch: z.number().int().positive(),
  epochs: z.number().int().positive(),
  trainLoss: z.number(),
  valLoss: z.number().nullable(),
  lr: z.number(),
  seconds: z.number().nonnegative(),
  samplesPerSecond: z.number().nonnegative(),
  /** True when this epoch is the best so far (its checkpoint becomes best.pt). */
  best: z.boolean(),
});

/** Named measurements, e.g. `val/exit_mae_mm`; `epoch` null for end-of-run figures. */
export const MetricsEvent = z.looseObject({
  ...Base,
  type: z.literal('metrics'),
  epoch: z.number().int().positive().nullable(),
  metrics: Metrics,
});

export const CheckpointEvent = z.looseObject({
  ...Base,
  type: z.literal('checkpoint'),
  epoch: Count,
  path: z.string(),
  kind: z.enum(['last', 'best', 'cancel']),
});

export const ArtifactKind = z.enum(['onnx', 'evaluation', 'plot', 'checkpoint', 'log', 'other']);
export const ArtifactEvent = z.looseObject({
  ...Base,
  type: z.literal('artifact'),
  kind: ArtifactKind,
  path: z.string(),
  bytes: Count.optional(),
  sha256: z.string().optional(),
});

/**
 * The end. finished: all epochs (or early stopping); cancelled: stopped on SIGTERM after a checkpoint.
 * `model` is the verified ONNX file when the command produced one.
 */
export const DoneEvent = z.looseObject({
  ...Base,
  type: z.literal('done'),
  status: z.enum(['finished', 'cancelled']),
  reason: z.string().nullable(),
  bestEpoch: Count.nullable(),
  metrics: Metrics,
  model: z.string().nullable(),
  seconds: z.number().nonnegative(),
});

/** A failure the bridge understood; `kind` says whose it is. The process then exits with the matching code. */
export const ErrorEvent = z.looseObject({
  ...Base,
  type: z.literal('error'),
  kind: z.enum(['usage', 'missing_component', 'dataset', 'export_verification', 'internal']),
  message: z.string(),
  /** A file the error is about (the manifest, a signal file), when there is one. */
  file: z.string().nullable().optional(),
});

export const BridgeEvent = z.discriminatedUnion('type', [StartEvent, StepEvent, EpochEvent, MetricsEvent, CheckpointEvent, ArtifactEvent, DoneEvent, ErrorEvent]);
export type BridgeEvent = z.infer<typeof BridgeEvent>;

/**
 * Exit codes of `python -m udw_bridge` (also in python-bridge/udw_bridge/protocol.py and the README):
 * 0 done, 1 unexpected error, 2 usage, 3 a required component missing (torch, onnx), 4 the dataset or a
 * checkpoint is unreadable or invalid, 5 the exported ONNX model did not match PyTorch, 6 cancelled
 * (SIGTERM: a checkpoint was written first, resume continues from it).
 */
export const BRIDGE_EXIT = { ok: 0, internal: 1, usage: 2, missingComponent: 3, dataset: 4, exportVerification: 5, cancelled: 6 } as const;

/**
 * How the event channel reaches the child: fd 3 (UDW_EVENTS_FD) for a plain managed process; a local
 * socket (Unix domain socket, or a named pipe on Windows) named by UDW_EVENTS_SOCKET when the child runs on
 * a terminal (node-pty cannot pass extra fds) or under torchrun (its workers do not inherit fds). Only
 * rank 0 of a distributed run writes events. The child treats the socket's end-of-file as its parent's death.
 */
export const EVENTS_SOCKET_ENV = 'UDW_EVENTS_SOCKET';
