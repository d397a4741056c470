/**
 * One started inference process, as ChildInferenceService sees it: send a request, get replies, learn of its
 * end. Implemented on the managed-process class (nodeInferenceLink.ts) and on Electron's utilityProcess.
 */
import type { InferenceReply, InferenceRequest } from './inferenceProtocol';

export interface LinkExit {
  /** True when stop() ended it. */
  requested: boolean;
  reason: string;
  code: number | null;
  signal: string | null;
  stderr: string[];
}

export interface InferenceLink {
  readonly pid: number | null;
  send(request: InferenceRequest): void;
  onReply(fn: (reply: InferenceReply) => void): void;
  /** Exactly once, when the process has ended (whoever ended it). */
  onExit(fn: (exit: LinkExit) => void): void;
  stop(): Promise<void>;
}

export type StartLink = () => InferenceLink;
