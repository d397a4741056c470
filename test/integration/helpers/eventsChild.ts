/**
 * A Node child that reports through the event pipe: good events via childEvents.emitEvent, and two bad
 * lines written raw (wrong shape, not JSON), then exits 0.
 *
 *   node --import tsx test/integration/helpers/eventsChild.ts
 */
import fs from 'node:fs';
import { emitEvent } from '../../../src/main/process/childEvents';
import { EVENTS_FD } from '../../../src/main/process/childFds';

if (!emitEvent({ type: 'progress', step: 1, loss: 0.5 })) {
  process.stderr.write('no event pipe\n');
  process.exit(1);
}
fs.writeSync(EVENTS_FD, `${JSON.stringify({ type: 'progress', step: 'two' })}\n`);
fs.writeSync(EVENTS_FD, 'this is not json\n');
emitEvent({ type: 'progress', step: 3, loss: 0.25 });
process.stdout.write('done\n');
