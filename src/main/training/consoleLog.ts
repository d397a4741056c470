/**
 * A run's console: every chunk appended to RUNDIR/console.log as it comes, and handed on to the app in
 * batches (a tqdm bar redraws many times a second; one event per redraw would flood a WebSocket).
 */
import fs from 'node:fs';
import { visibleText } from '../process/terminalLines';

export const CONSOLE_FILE = 'console.log';
/** At most this long between a chunk and its event. */
const BATCH_MS = 100;
/** A batch this big goes out at once. */
const BATCH_CHARS = 16 * 1024;
/** How much of the end of console.log is read for a finished run's tail. */
const TAIL_BYTES = 64 * 1024;

export class ConsoleLog {
  private readonly fd: number;
  private pending = '';
  private timer: NodeJS.Timeout | null = null;

  public constructor(
    file: string,
    private readonly onBatch: (data: string) => void,
  ) {
    this.fd = fs.openSync(file, 'a', 0o600);
  }

  public write(data: string): void {
    // Synchronous and small: the file is complete the moment the process ends, whatever happens next.
    fs.writeSync(this.fd, data);
    this.pending += data;
    if (this.pending.length >= BATCH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  /** A line of the workstation's own, into the same console (marked, so it is not taken for the bridge's). */
  public note(text: string): void {
    this.write(`\r\n[udw] ${text}\r\n`);
  }

  public flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending === '') return;
    const data = this.pending;
    this.pending = '';
    this.onBatch(data);
  }

  public close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** The last `lines` lines of a console.log, as a terminal would show them; [] when there is none. */
export function readConsoleTail(file: string, lines = 200): string[] {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fs.fstatSync(fd).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    fs.readSync(fd, buf, 0, buf.length, start);
    const all = buf.toString('utf8').split('\n');
    if (start > 0) all.shift(); // the first line is cut
    if (all.at(-1) === '') all.pop();
    return all.map(visibleText).slice(-lines);
  } finally {
    fs.closeSync(fd);
  }
}
