/**
 * The messages between the back end and its inference process (inference.worker.ts), whichever carries them:
 * JSON lines on the child's stdin and its events pipe (a Node child on the managed-process class), or an
 * Electron utilityProcess's message port. Tensors travel as base64 of their little-endian float32 bytes:
 * exact, and about half the size of their decimal text.
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

export const InferenceRequest = z.discriminatedUnion('op', [
  z.object({ id: z.number().int(), op: z.literal('load'), model: z.string(), options: SessionOptions }),
  z.object({
    id: z.number().int(),
    op: z.literal('run'),
    model: z.string(),
    input: z.string(),
    output: z.string(),
    dims: z.array(z.number().int().nonnegative()),
    data: z.string(),
  }),
  z.object({ id: z.number().int(), op: z.literal('unload'), model: z.string() }),
]);
export type InferenceRequest = z.infer<typeof InferenceRequest>;

export const LoadResult = z.object({ inputs: z.array(ValueInfoSchema), outputs: z.array(ValueInfoSchema) });
export type LoadResult = z.infer<typeof LoadResult>;
export const RunResult = z.object({ dims: z.array(z.number().int().nonnegative()), data: z.string() });

export const InferenceReply = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.union([LoadResult, RunResult, z.object({ unloaded: z.boolean() })]) }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: z.string() }),
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
