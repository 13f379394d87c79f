// A bad link on demand, for tests, stories and benchmarks: a TCP proxy in front of the relay that
// throttles and delays what flows back to each client (the relay's downstream), adjustable live.
import { type AddressInfo, createConnection, createServer, type Server, type Socket } from 'node:net';

/** Options of `createLinkShaper`. @public */
export interface LinkShaperOptions {
  /** What to proxy to: a relay URL (`ws://127.0.0.1:9100`), a `host:port`, or a port on 127.0.0.1. */
  target: string | number;
  /**
   * Downstream bytes per second of each connection; `Infinity` for no limit.
   * @defaultValue Infinity
   */
  bytesPerSecond?: number;
  /**
   * One-way delay added to every downstream chunk, ms.
   * @defaultValue 0
   */
  delayMs?: number;
  /**
   * Bytes queued per connection before the proxy stops reading from the target, so TCP
   * backpressure reaches the relay (whose per-receiver budget then drops frames) as on a real link.
   * @defaultValue 256 KiB
   */
  maxQueuedBytes?: number;
  /**
   * Interface to bind.
   * @defaultValue '127.0.0.1'
   */
  host?: string;
  /**
   * Port to bind; 0 picks a free one.
   * @defaultValue 0
   */
  port?: number;
}

/** A running link shaper. @public */
export interface LinkShaper {
  /** Binds the port; resolves once listening. */
  listen(): Promise<void>;
  /** The bound port; throws before `listen()`. */
  readonly port: number;
  /** `ws://host:port`, to give receivers instead of the relay's URL. */
  readonly url: string;
  /** Changes the downstream rate of every connection, now and for later ones. */
  setRate(bytesPerSecond: number): void;
  /** Changes the delay of chunks that arrive from now on. */
  setDelay(delayMs: number): void;
  /** No limit, no delay; whatever is queued goes out at once. */
  lift(): void;
  /** Bytes delivered downstream, bytes waiting, open connections. */
  stats(): { bytesDown: number; queuedBytes: number; connections: number };
  /** Closes every connection and the server. */
  close(): Promise<void>;
}

const TICK_MS = 5;

function checkRate(bps: number): number {
  if (typeof bps !== 'number' || Number.isNaN(bps) || bps <= 0)
    throw new TypeError(`bytesPerSecond must be > 0, got ${String(bps)}`);
  return bps;
}

function checkDelay(ms: number): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    throw new TypeError(`delayMs must be a finite number >= 0, got ${String(ms)}`);
  return ms;
}

function parseTarget(t: string | number): { host: string; port: number } {
  if (typeof t === 'number') return { host: '127.0.0.1', port: t };
  const u = new URL(t.includes('://') ? t : `tcp://${t}`);
  const port = Number(u.port);
  if (!Number.isInteger(port) || port <= 0) throw new TypeError(`target has no port: ${t}`);
  return { host: u.hostname, port };
}

interface Chunk {
  buf: Buffer;
  readyAt: number;
}

/** One proxied connection's downstream: a delay line followed by a token bucket. */
class Downstream {
  readonly queue: Chunk[] = [];
  queued = 0;
  tokens = 0;
  last = performance.now();
  ended = false;

  constructor(
    readonly from: Socket,
    readonly to: Socket,
  ) {}

  /** Sends what is due within the bucket; returns true while anything is left. */
  pump(now: number, rate: number, maxQueued: number): number {
    if (rate === Number.POSITIVE_INFINITY) this.tokens = Number.POSITIVE_INFINITY;
    else {
      // About 20 ms of burst: smooth enough to look like a link, coarse enough for 5 ms ticks.
      const burst = Math.max(rate / 50, 4096);
      this.tokens = Math.min(
        burst,
        (Number.isFinite(this.tokens) ? this.tokens : 0) + (rate * (now - this.last)) / 1000,
      );
    }
    this.last = now;
    let sent = 0;
    while (this.queue.length > 0 && this.tokens > 0 && this.to.writableLength < maxQueued) {
      const head = this.queue[0]!;
      if (head.readyAt > now) break;
      const n = Math.min(
        head.buf.length,
        Number.isFinite(this.tokens) ? Math.ceil(this.tokens) : head.buf.length,
      );
      const part = n === head.buf.length ? head.buf : head.buf.subarray(0, n);
      if (n === head.buf.length) this.queue.shift();
      else head.buf = head.buf.subarray(n);
      this.tokens -= n;
      this.queued -= n;
      sent += n;
      this.to.write(part);
    }
    if (this.from.isPaused() && this.queued < maxQueued / 2) this.from.resume();
    if (this.ended && this.queue.length === 0) this.to.end();
    return sent;
  }
}

/**
 * Creates a TCP proxy that shapes each connection's downstream (target → client): a fixed delay,
 * then a rate limit, both adjustable while connections are open. Upstream passes untouched.
 * @example
 * ```ts
 * const shaper = createLinkShaper({ target: relay.url, bytesPerSecond: 2_000_000, delayMs: 20 });
 * await shaper.listen();
 * createReceiverEngine({ url: shaper.url, channel: 'demo' }).connect(); // this receiver has a thin link
 * shaper.lift();
 * await shaper.close();
 * ```
 * @public
 */
export function createLinkShaper(options: LinkShaperOptions): LinkShaper {
  const target = parseTarget(options.target);
  const maxQueued = options.maxQueuedBytes ?? 256 * 1024;
  let rate = checkRate(options.bytesPerSecond ?? Number.POSITIVE_INFINITY);
  let delay = checkDelay(options.delayMs ?? 0);
  let bytesDown = 0;
  let bound: number | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const pipes = new Set<Downstream>();
  const sockets = new Set<Socket>();

  const tick = () => {
    const now = performance.now();
    let busy = false;
    for (const p of pipes) {
      bytesDown += p.pump(now, rate, maxQueued);
      if (p.queue.length > 0) busy = true;
    }
    if (!busy && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  const kick = () => {
    timer ??= setInterval(tick, TICK_MS);
  };

  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client);
    sockets.add(upstream);
    const pipe = new Downstream(upstream, client);
    pipes.add(pipe);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.pipe(upstream);
    upstream.on('data', (buf: Buffer) => {
      pipe.queue.push({ buf, readyAt: performance.now() + delay });
      pipe.queued += buf.length;
      if (pipe.queued >= maxQueued) upstream.pause();
      tick();
      if (pipe.queue.length > 0) kick();
    });
    upstream.on('end', () => {
      pipe.ended = true;
      tick();
    });
    const drop = () => {
      pipes.delete(pipe);
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop);
    upstream.on('close', () => {
      if (pipe.queue.length === 0) drop();
    });
    client.on('error', drop);
    upstream.on('error', drop);
  });

  return {
    listen() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
          server.off('error', reject);
          bound = (server.address() as AddressInfo).port;
          resolve();
        });
      });
    },
    get port() {
      if (bound === null) throw new Error('link shaper is not listening; await shaper.listen() first');
      return bound;
    },
    get url() {
      return `ws://${options.host ?? '127.0.0.1'}:${this.port}`;
    },
    setRate(bps) {
      rate = checkRate(bps);
      tick();
    },
    setDelay(ms) {
      delay = checkDelay(ms);
    },
    lift() {
      rate = Number.POSITIVE_INFINITY;
      delay = 0;
      for (const p of pipes) for (const c of p.queue) c.readyAt = 0;
      tick();
    },
    stats() {
      let queuedBytes = 0;
      for (const p of pipes) queuedBytes += p.queued;
      return { bytesDown, queuedBytes, connections: pipes.size };
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
      for (const s of sockets) s.destroy();
      sockets.clear();
      pipes.clear();
      return new Promise((resolve) => (bound === null ? resolve() : server.close(() => resolve())));
    },
  };
}
