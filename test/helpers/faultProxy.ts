/**
 * A small TCP proxy between a client and a server that breaks things on purpose: `cutRandomly(n)` cuts the
 * connection that carries the byte at a random point of the traffic, n times (in either direction, so a
 * request can die before, while or after the server handles it); `cutAll()` cuts what is open now;
 * `goDown()` stops listening (new connections are refused, as from a server that is off) and `comeUp()`
 * listens again on the same port. The random points come from a seeded generator, so a failure replays.
 */
import net from 'node:net';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultProxy {
  public cuts = 0;
  public bytes = 0;
  private readonly pairs = new Set<{ a: net.Socket; b: net.Socket }>();
  private server: net.Server | null = null;
  private cutsLeft = 0;
  private nextCutAt = Infinity;
  private range: [number, number] = [0, 0];
  private readonly random: () => number;

  private constructor(
    public readonly port: number,
    private readonly targetPort: number,
    seed: number,
  ) {
    this.random = mulberry32(seed);
  }

  public get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  public static async start(targetPort: number, seed = 14): Promise<FaultProxy> {
    const probe = await FaultProxy.listen(0, () => undefined);
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const proxy = new FaultProxy(port, targetPort, seed);
    await proxy.comeUp();
    return proxy;
  }

  private static listen(port: number, onConnection: (s: net.Socket) => void): Promise<net.Server> {
    return new Promise((resolve, reject) => {
      const srv = net.createServer(onConnection);
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => resolve(srv));
    });
  }

  /** Cut `count` connections, each after a random [minBytes, maxBytes) more bytes of traffic. */
  public cutRandomly(count: number, minBytes: number, maxBytes: number): void {
    this.cutsLeft = count;
    this.range = [minBytes, maxBytes];
    this.scheduleCut();
  }

  public get cutsPending(): number {
    return this.cutsLeft;
  }

  private scheduleCut(): void {
    const [lo, hi] = this.range;
    this.nextCutAt = this.cutsLeft > 0 ? this.bytes + lo + Math.floor(this.random() * (hi - lo)) : Infinity;
  }

  private onConnection(client: net.Socket): void {
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    const pair = { a: client, b: upstream };
    this.pairs.add(pair);
    const end = (): void => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    const forward = (from: net.Socket, to: net.Socket) => (chunk: Buffer) => {
      this.bytes += chunk.length;
      if (this.bytes >= this.nextCutAt) {
        // Part of the chunk goes through, then the line goes dead.
        const keep = Math.max(0, chunk.length - (this.bytes - this.nextCutAt));
        if (keep > 0) to.write(chunk.subarray(0, keep));
        this.cuts++;
        this.cutsLeft--;
        this.scheduleCut();
        end();
        return;
      }
      to.write(chunk);
    };
    client.on('data', forward(client, upstream));
    upstream.on('data', forward(upstream, client));
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  }

  public cutAll(): void {
    for (const { a, b } of [...this.pairs]) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  /** Refuse new connections (and cut the open ones), like a server that went away. */
  public async goDown(): Promise<void> {
    const srv = this.server;
    this.server = null;
    this.cutAll();
    if (srv) await new Promise<void>((r) => srv.close(() => r()));
  }

  public async comeUp(): Promise<void> {
    if (this.server) return;
    this.server = await FaultProxy.listen(this.port, (s) => this.onConnection(s));
  }

  public async stop(): Promise<void> {
    await this.goDown();
  }
}
