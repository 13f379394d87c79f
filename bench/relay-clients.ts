// Client process for bench/relay.bench.ts: one source and N receivers against a relay (or the
// bare ws broadcast baseline), in their own process so the server's figures are its own.
// Usage: node --import tsx bench/relay-clients.ts '<ClientConfig JSON>'; prints one JSON line.
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';

/** What the bench asks of this process. */
export interface ClientConfig {
  url: string;
  channel: string;
  receivers: number;
  /** Whole message size in bytes (16-byte header included). */
  size: number;
  type: number;
  flags: number;
  width: number;
  height: number;
  /** 'saturate': as fast as a window of unacknowledged messages allows; 'rate': fixed fps. */
  mode: 'saturate' | 'rate';
  window: number;
  fps: number;
  warmupMs: number;
  durationMs: number;
  /** Record latency for one message in `sampleEvery`. */
  sampleEvery: number;
  /** Receivers that stop reading right after they connect. */
  stalled: number;
  /**
   * Receivers (after the stalled ones) that read slowly: one socket chunk, then a pause of
   * `lagMs`. Neither they nor the stalled ones gate the saturate window or count as delivered.
   */
  lagging: number;
  lagMs: number;
  /** In 'rate' mode, every `keyframeEvery`-th message is this size, type Pixels with FLAG_KEYFRAME. */
  keyframeEvery: number;
  keyframeSize: number;
}

export interface ClientResult {
  sent: number;
  deliveredBytesPerSec: number;
  deliveredMsgsPerSec: number;
  latencyMs: { p50: number; p99: number; samples: number };
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as ClientConfig;
const sendTimes = new Float64Array(65536);
const done = new Uint16Array(65536);
const latencies: number[] = [];
let measuring = false;
let deliveredBytes = 0;
let deliveredMsgs = 0;
let completed = 0;
let sent = 0;
let active = cfg.receivers - cfg.stalled - cfg.lagging;

function open(role: string): Promise<WebSocket> {
  const ws = new WebSocket(`${cfg.url}/${cfg.channel}?role=${role}`, {
    perMessageDeflate: false,
    maxPayload: 64 << 20,
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function message(size: number, type: number, flags: number): Uint8Array {
  const m = new Uint8Array(size);
  const payload = size - 16;
  m.set([
    type,
    flags,
    0,
    0,
    0,
    0,
    0,
    0,
    cfg.width & 0xff,
    cfg.width >> 8,
    cfg.height & 0xff,
    cfg.height >> 8,
  ]);
  m[12] = payload & 0xff;
  m[13] = (payload >>> 8) & 0xff;
  m[14] = (payload >>> 16) & 0xff;
  m[15] = payload >>> 24;
  // Signal diffs must be JSON objects (the relay merges them for late joiners); 64 keys in turn
  // give the merged state a realistic few kilobytes.
  if (type === 0x31) {
    const key = `k${String(keyIndex++ % 64).padStart(2, '0')}`;
    m.set(new TextEncoder().encode(`{"${key}":"${'x'.repeat(payload - 10)}"}`), 16);
  }
  return m;
}
let keyIndex = 0;

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function main(): Promise<void> {
  const receivers: WebSocket[] = [];
  for (let i = 0; i < cfg.receivers; i++) receivers.push(await open('receiver'));
  const source = await open('source');
  // ws.send keeps a buffer until written, so a ring of distinct buffers carries the seq numbers.
  const ring = Array.from({ length: cfg.window + 2 }, () => message(cfg.size, cfg.type, cfg.flags));
  const key =
    cfg.keyframeEvery > 0 ? Array.from({ length: 3 }, () => message(cfg.keyframeSize, 0x01, 0x02)) : [];

  const sendOne = (): void => {
    const seq = sent & 0xffff;
    const isKey = cfg.keyframeEvery > 0 && sent % cfg.keyframeEvery === 0;
    const m = isKey ? key[sent % key.length]! : ring[sent % ring.length]!;
    m[2] = seq & 0xff;
    m[3] = seq >> 8;
    done[seq] = 0;
    sendTimes[seq] = performance.now();
    sent++;
    source.send(m);
  };
  const pump = (): void => {
    while (sent - completed < cfg.window) sendOne();
  };

  const lagTimers: NodeJS.Timeout[] = [];
  receivers.forEach((ws, i) => {
    const socket = (ws as unknown as { _socket: Socket })._socket;
    if (i < cfg.stalled) {
      socket.pause();
      return;
    }
    if (i < cfg.stalled + cfg.lagging) {
      // Reads one socket chunk (up to 64 KiB), then nothing for `lagMs`: slower than the source
      // sends, so its backlog grows past the kernel buffers and into the server's send queue.
      let paused = false;
      ws.on('message', () => {
        if (paused) return;
        paused = true;
        socket.pause();
        lagTimers.push(
          setTimeout(() => {
            paused = false;
            socket.resume();
          }, cfg.lagMs),
        );
      });
      return;
    }
    ws.on('message', (data: Buffer) => {
      if (data.byteLength !== cfg.size && data.byteLength !== cfg.keyframeSize) return; // status, keyframe requests
      const seq = data[2]! | (data[3]! << 8);
      if (measuring) {
        deliveredBytes += data.byteLength;
        deliveredMsgs++;
        if (seq % cfg.sampleEvery === 0) latencies.push(performance.now() - sendTimes[seq]!);
      }
      done[seq] = done[seq]! + 1;
      if (done[seq] === active) {
        completed++;
        if (cfg.mode === 'saturate') pump();
      }
    });
  });
  source.on('message', () => {}); // KeyframeRequests, receiver counts

  let timer: NodeJS.Timeout | null = null;
  let watchdog: NodeJS.Timeout | null = null;
  if (cfg.mode === 'saturate') {
    // A message a receiver never gets (a relay drop) would freeze the window: unfreeze it.
    let last = -1;
    watchdog = setInterval(() => {
      if (completed === last && sent - completed >= cfg.window) {
        completed = sent;
        pump();
      }
      last = completed;
    }, 500);
    pump();
  } else timer = setInterval(sendOne, 1000 / cfg.fps);
  await new Promise((r) => setTimeout(r, cfg.warmupMs));
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, cfg.durationMs));
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  if (timer) clearInterval(timer);
  if (watchdog) clearInterval(watchdog);
  for (const t of lagTimers) clearTimeout(t);
  active = Number.POSITIVE_INFINITY;
  latencies.sort((a, b) => a - b);
  const result: ClientResult = {
    sent,
    deliveredBytesPerSec: deliveredBytes / seconds,
    deliveredMsgsPerSec: deliveredMsgs / seconds,
    latencyMs: {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      samples: latencies.length,
    },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  for (const ws of [source, ...receivers]) ws.terminate();
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`relay-clients: ${String(err)}\n`);
  process.exit(1);
});
