/**
 * A real parent for the no-orphans test: launches one child through ManagedProcess (a Node child using
 * parentWatch.ts, or a Python child using udw_bridge.parent_watch), waits for the child's "ready" (it is
 * watching its control pipe by then), prints {"childPid": N} and waits to be killed.
 *
 *   node --import tsx test/integration/helpers/orphanParent.ts node
 *   node --import tsx test/integration/helpers/orphanParent.ts python <python> <python-bridge dir>
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManagedProcess } from '../../../src/main/process/managedProcess';

const here = path.dirname(fileURLToPath(import.meta.url));
const [kind, python, bridgeDir] = process.argv.slice(2);

const PYTHON_CHILD = [
  'import sys, time',
  'from udw_bridge import parent_watch',
  "print('ready' if parent_watch.start_from_env() else 'not watched', flush=True)",
  'time.sleep(3600)',
].join('\n');

function launch(): ManagedProcess {
  if (kind === 'node') {
    return ManagedProcess.launch({ name: 'watched node child', command: process.execPath, args: ['--import', 'tsx', path.join(here, 'watchedNodeChild.ts')], cwd: path.resolve(here, '../../..') });
  }
  if (kind === 'python' && python && bridgeDir) {
    return ManagedProcess.launch({ name: 'watched python child', command: python, args: ['-c', PYTHON_CHILD], cwd: bridgeDir, env: { PYTHONPATH: bridgeDir } });
  }
  process.stderr.write('usage: orphanParent.ts node | python <python> <python-bridge dir>\n');
  process.exit(2);
}

const child = launch();
child.on('line', (line) => {
  if (line.stream === 'stderr') process.stderr.write(`child: ${line.text}\n`);
  else if (line.text === 'ready' || line.text === 'not watched') process.stdout.write(`${JSON.stringify({ childPid: child.pid, watched: line.text === 'ready' })}\n`);
  else process.stdout.write(`${JSON.stringify({ unexpected: line.text })}\n`);
});
void child.done.then((result) => {
  process.stdout.write(`${JSON.stringify({ childEnded: result })}\n`);
});
setInterval(() => {}, 1 << 30);
