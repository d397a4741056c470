/**
 * The request-target as a URL. Node's HTTP parser lets through targets that `new URL` rejects (`//[` is
 * an authority with a broken IPv6 literal): those are a 400 for that request, never an exception.
 */
import { HttpStatusError } from './httpErrors';

/** A fixed base: the Host header is checked separately and must not shape how the path is read. */
const BASE = 'http://127.0.0.1';

export function parseRequestTarget(target: string | undefined): URL {
  const text = target ?? '/';
  try {
    return new URL(text, BASE);
  } catch {
    throw new HttpStatusError(400, 'invalid_payload', `request target '${text.slice(0, 200)}' is not a valid path (expected /… as in /api/<channel>)`);
  }
}
