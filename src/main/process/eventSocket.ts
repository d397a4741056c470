/**
 * The event channel as a local socket, for children that cannot inherit fd 3: a child on a terminal
 * (node-pty passes no extra fds) or torchrun's workers. A Unix domain socket inside a fresh 0700 folder on
 * POSIX (only this user can reach it), a named pipe `\\.\pipe\udw-<random>` on Windows; the child finds it
 * in UDW_EVENTS_SOCKET (src/shared/training/protocol.ts).
 *
 * Every connection's bytes are decoded into bounded lines like the fd 3 pipe. This side never writes and
 * never ends a connection while the child lives, so the child reads end-of-file only when this process is
 * gone: that is its parent-death signal.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LineDecoder, type DecodedLine } from './lineDecoder';
import { pipeLines } from './pipeLines';

/** sun_path holds 108 bytes on Linux, 104 on macOS: stay under both. */
const MAX_SOCKET_PATH = 100;

export interface EventSocketOptions {
  name: string;
  maxLineBytes: number;
  onLine(line: DecodedLine): void;
  onProblem(message: string): void;
  platform?: NodeJS.Platform;
}

function privateSocketPath(): { dir: string; address: string } {
  for (const base of [os.tmpdir(), '/tmp']) {
    const dir = fs.mkdtempSync(path.join(base, 'udw-events-'));
    fs.chmodSync(dir, 0o700);
    const address = path.join(dir, 'events.sock');
    if (Buffer.byteLength(address) <= MAX_SOCKET_PATH) return { dir, address };
    fs.rmSync(dir, { recursive: true, force: true });
  }
  throw new Error(`no temporary folder with a path short enough for a Unix socket (at most ${MAX_SOCKET_PATH} bytes); set TMPDIR to a shorter one`);
}

export class EventSocket {
  public readonly address: string;
  public readonly decoders: LineDecoder[] = [];
  private readonly dir: string | null;
  private readonly server: net.Server;
  private readonly open = new Set<net.Socket>();
  private readonly drained = new Set<() => void>();
  private closed = false;

  /** Listening when it returns: a child started next can connect at once (binding a local socket is synchronous). */
  public constructor(private readonly opts: EventSocketOptions) {
    if ((opts.platform ?? process.platform) === 'win32') {
      this.dir = null;
      this.address = `\\\\.\\pipe\\udw-${randomBytes(16).toString('hex')}`;
    } else {
      const where = privateSocketPath();
      this.dir = where.dir;
      this.address = where.address;
    }
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.on('error', (err) => opts.onProblem(`${opts.name}: event socket ${this.address}: ${err.message}`));
    this.server.listen(this.address);
  }

  /** Connections still open: a child writing events, or one only watching for this process's end. */
  public get connections(): number {
    return this.open.size;
  }

  /**
   * Once the child has exited: wait for its connections to deliver their last lines and end (up to
   * `graceMs`, for a grandchild that still holds one), then drop what is left and remove the socket.
   */
  public async close(graceMs: number): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.open.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, graceMs);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.drained.add(done);
      });
    }
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private accept(socket: net.Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.open.add(socket);
    const decoder = new LineDecoder(this.opts.maxLineBytes);
    this.decoders.push(decoder);
    pipeLines(socket, decoder, (line) => this.opts.onLine(line));
    socket.on('close', () => {
      this.open.delete(socket);
      if (this.open.size === 0) for (const fn of [...this.drained]) fn();
    });
  }
}
