/**
 * A Node child of a ManagedProcess that watches its parent through the control pipe, then idles forever.
 * Prints "ready" once watching (or "not watched" when started without a control pipe).
 *
 *   node --import tsx test/integration/helpers/watchedNodeChild.ts
 */
import { watchParent } from '../../../src/main/process/parentWatch';

process.stdout.write(watchParent() ? 'ready\n' : 'not watched\n');
// Something to keep the event loop alive: the watcher itself is unref'd on purpose.
setInterval(() => {}, 1 << 30);
