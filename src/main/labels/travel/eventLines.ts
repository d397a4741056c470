/**
 * The events file: JSON Lines, a header line then one event per line (shared/api/labelSync.contract.ts).
 * Reading checks every line before anything is merged, so a damaged file changes nothing; the error names
 * the file, the line and what was expected there. Header lines may recur (two exports joined with `cat`);
 * blank lines are ignored.
 */
import { describeIssues } from '../../../shared/api/dispatch';
import { ApiError } from '../../../shared/api/errors';
import { EVENTS_FORMAT, EVENTS_FORMAT_VERSION, EventsHeader, TravellingEvent } from '../../../shared/api/labelSync.contract';

export interface EventLine {
  /** 1-based line in the file. */
  line: number;
  event: TravellingEvent;
}

export function formatEventLines(header: EventsHeader, events: Iterable<TravellingEvent>): string {
  const lines = [JSON.stringify(header)];
  for (const e of events) lines.push(JSON.stringify(e));
  return `${lines.join('\n')}\n`;
}

export function parseEventLines(text: string, name: string): EventLine[] {
  const lines = text.split(/\r?\n/);
  const events: EventLine[] = [];
  let headers = 0;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new ApiError('invalid_payload', `${name} line ${line}: expected one JSON object per line (${(err as Error).message})`);
    }
    if (typeof value === 'object' && value !== null && 'format' in value) {
      const header = EventsHeader.safeParse(value);
      if (!header.success) {
        throw new ApiError('invalid_payload', `${name} line ${line}: expected a header {"format":"${EVENTS_FORMAT}","version":${EVENTS_FORMAT_VERSION},…}: ${describeIssues(header.error.issues)}`);
      }
      headers++;
      return;
    }
    if (headers === 0) throw new ApiError('invalid_payload', `${name} line ${line}: expected the header line {"format":"${EVENTS_FORMAT}",…} first; is this a label events file (udw events export)?`);
    const event = TravellingEvent.safeParse(value);
    if (!event.success) throw new ApiError('invalid_payload', `${name} line ${line}: expected a label event: ${describeIssues(event.error.issues)}`);
    events.push({ line, event: event.data });
  });
  if (headers === 0) throw new ApiError('invalid_payload', `${name}: expected a label events file (a header line {"format":"${EVENTS_FORMAT}",…}), found no lines`);
  return events;
}
