/**
 * The messages between the back end and its inference process (inference.worker.ts), whichever carries them:
 * JSON lines on the child's stdin and its events pipe (a Node child on the managed-process class), or an
 * Electron utilityProcess's message port. Tensors travel as base64 of their little-endian float32 bytes:
 * exact, and about half the size of their decimal text (a binary framing was measured not to pay: parsing
 * and decoding a request is ~0.04 ms of a file's ~1.1 ms, onnxruntime's own compute is the rest).
 */
import { z } from 'zod';

export const SessionOptions = z.object({
  /** onnxruntime's intra-op threads. Default 1: one file's convolutions are small, and the app shares the cores. */
  intraOpNumThreads: z.number().int().min(1).max(256),
  /** Let idle intra-op threads spin (lower latency, burns a core). Default off. */
  allowSpinning: z.boolean(),
});
export type SessionOptions = z.infer<typeof SessionOptions>;

export const DEFAULT_SESSION_OPTIONS: SessionOptions = { intraOpNumThreads: 1, allowSpinning: false };

export const ValueInfoSchema = z.object({
  name: z.string(),
  isTensor: z.boolean(),
  type: z.string().nullable(),
  shape: z.array(z.union([z.number(), z.string()])).nullable(),
});

const RunFields = {
  id: z.number().int(),
  model: z.string(),
  input: z.string(),
  output: z.string(),
  dims: z.array(z.number().int().nonnegative()),
  data: z.string(),
};

const SingleRequest = z.discriminatedUnion('op', [
  z.object({ id: z.number().int(), op: z.literal('load'), model: z.string(), options: SessionOptions }),
  /** The whole output tensor back (the PyTorch comparison, tools). */
  z.object({ ...RunFields, op: z.literal('run') }),
  /**
   * Only each class's peak back (peaks.ts run in the inference process): a few numbers instead of the
   * heatmaps, which are most of a reply's bytes and of the back end's decoding.
   */
  z.object({ ...RunFields, op: z.literal('peaks'), sigma: z.number().positive() }),
  z.object({ id: z.number().int(), op: z.literal('unload'), model: z.string() }),
]);
export type SingleRequest = z.infer<typeof SingleRequest>;

/**
 * Several requests in one message: the requests a back end issues in the same turn of its event loop cross
 * in one write and wake the inference process once. Each is answered on its own as soon as it is done.
 */
const ManyRequest = z.object({ id: z.literal(0), op: z.literal('many'), requests: z.array(SingleRequest).min(1) });

export const InferenceRequest = z.union([SingleRequest, ManyRequest]);
export type InferenceRequest = z.infer<typeof InferenceRequest>;

export const LoadResult = z.object({ inputs: z.array(ValueInfoSchema), outputs: z.array(ValueInfoSchema) });
export type LoadResult = z.infer<typeof LoadResult>;
export const RunResult = z.object({ dims: z.array(z.number().int().nonnegative()), data: z.string() });
const PeakSchema = z.object({ position: z.number(), confidence: z.number() });
/** The output's shape (checked by the back end as for `run`) and one peak per class (null: no samples). */
export const PeaksResult = z.object({ dims: z.array(z.number().int().nonnegative()), peaks: z.array(PeakSchema.nullable()) });
export type PeaksResult = z.infer<typeof PeaksResult>;

const SingleReply = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.union([LoadResult, RunResult, PeaksResult, z.object({ unloaded: z.boolean() })]) }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: z.string() }),
]);
export type SingleReply = z.infer<typeof SingleReply>;

export const InferenceReply = z.union([
  SingleReply,
  /** Sent once when the process is ready for requests. */
  z.object({ ready: z.literal(true), pid: z.number().int() }),
]);
export type InferenceReply = z.infer<typeof InferenceReply>;

export function encodeFloat32(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeFloat32(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.byteLength));
  return out;
}
