/**
 * One line of the structured-event pipe to a typed event, or to a report of what was wrong with it. A bad
 * payload is the child's bug, not the parent's crash: it is returned as an error value, never thrown.
 */
import type { z } from 'zod';
import type { DecodedLine } from './lineDecoder';

export interface EventChannelError {
  /** Who sent it and what was expected, in words. */
  message: string;
  /** The start of the offending line, for the log. */
  line: string;
}

export type ParsedEvent<E> = { ok: true; event: E } | { ok: false; error: EventChannelError };

const QUOTED_CHARS = 200;

export function parseEventLine<E>(source: string, line: DecodedLine, schema: z.ZodType<E>): ParsedEvent<E> {
  const quoted = line.text.length > QUOTED_CHARS ? `${line.text.slice(0, QUOTED_CHARS)}…` : line.text;
  const fail = (why: string): ParsedEvent<E> => ({ ok: false, error: { message: `${source}: event channel: ${why}`, line: quoted } });
  if (line.truncated) return fail(`expected one JSON object per line within the event line limit, got a line of ${line.bytes} bytes (cut)`);
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (err) {
    return fail(`expected one JSON object per line, got text that is not JSON (${(err as Error).message})`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
    return fail(`the event does not match the expected schema: ${issues}`);
  }
  return { ok: true, event: parsed.data };
}
