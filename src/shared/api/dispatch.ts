/**
 * Validation at the trust boundary: every payload is checked against the contract before a handler
 * sees it, whichever transport (IPC, HTTP, in-memory) brought it.
 */
import type { z } from 'zod';
import { CONTRACT, isRequestChannel, type Handlers, type RequestChannel } from './contract';
import type { RequestDef } from './define';
import { ApiError } from './errors';

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(payload)'}: ${i.message}`)
    .join('; ');
}

export function validateInput<C extends RequestChannel>(channel: C, payload: unknown): unknown {
  const def = CONTRACT[channel] as RequestDef;
  const result = def.input.safeParse(payload);
  if (!result.success) {
    throw new ApiError('invalid_payload', `${channel}: invalid payload: ${describeIssues(result.error.issues)}`, result.error.issues);
  }
  return result.data;
}

export type Dispatch = (channel: string, payload: unknown) => Promise<unknown>;

/**
 * Route a raw (untrusted) request to its handler. Outputs are checked too: a handler that breaks the
 * contract fails loudly here instead of confusing the renderer.
 */
export function createDispatch(handlers: Handlers): Dispatch {
  return async (channel, payload) => {
    if (!isRequestChannel(channel)) throw new ApiError('unknown_channel', `unknown channel '${String(channel)}'`);
    const input = validateInput(channel, payload);
    const handler = handlers[channel] as (input: unknown) => unknown;
    const output = await handler(input);
    const checked = (CONTRACT[channel] as RequestDef).output.safeParse(output);
    if (!checked.success) {
      throw new ApiError('internal', `${channel}: the back end produced an invalid response: ${describeIssues(checked.error.issues)}`);
    }
    return checked.data;
  };
}
