/**
 * The one interface the back end uses for model inference, whatever process runs it: a Node child on the
 * managed-process class (the web host, the CLI, tests: nodeInferenceLink.ts) or an Electron utilityProcess
 * (electron/inferenceUtilityProcess.ts). Both are an InferenceLink under ChildInferenceService, which owns
 * the request ids, the session cache bookkeeping, crash reporting and the restart on the next request.
 */
import type { LoadResult, PeaksResult, SessionOptions } from './inferenceProtocol';

export interface Tensor3 {
  /** (batch, rows, length), row-major. */
  dims: [number, number, number];
  data: Float32Array;
}

/** Why the inference process ended when nobody asked it to. */
export interface InferenceCrash {
  /** 'crashed' (a signal), 'failed' (a non-zero exit), 'exited' (ended on its own), 'spawnFailed'. */
  reason: string;
  code: number | null;
  signal: string | null;
  pid: number | null;
  message: string;
  /** The last lines it wrote on stderr, when the transport keeps them. */
  stderr: string[];
}

export type InferenceState = 'stopped' | 'starting' | 'ready' | 'crashed' | 'disposed';

export interface InferenceService {
  readonly state: InferenceState;
  /** The running inference process's pid (null when none runs). */
  readonly pid: number | null;
  /** The most recent crash, until the next successful start. */
  readonly lastCrash: InferenceCrash | null;
  /** Opens (or reuses) the model's session in the inference process; resolves with its graph's inputs and outputs. */
  load(modelPath: string, options?: Partial<SessionOptions>): Promise<LoadResult>;
  /** Runs a loaded model (loading it first in a fresh process after a restart). */
  run(modelPath: string, input: string, output: string, tensor: Tensor3): Promise<Tensor3>;
  /** Runs a loaded model and reads each class's peak there (peaks.ts): the output's shape and the peaks, no heatmaps. */
  runPeaks(modelPath: string, input: string, output: string, tensor: Tensor3, sigma: number): Promise<PeaksResult>;
  /** Closes a model's session. */
  unload(modelPath: string): Promise<void>;
  onCrash(fn: (crash: InferenceCrash) => void): () => void;
  dispose(): Promise<void>;
}

/** A crash of the inference process: the request failed, inference is disabled until the next request restarts it. */
export class InferenceCrashError extends Error {
  public constructor(public readonly crash: InferenceCrash) {
    super(crash.message);
  }
}

/** The model or its input was refused (a mismatched graph, an onnxruntime error); the process keeps running. */
export class InferenceRequestError extends Error {}
