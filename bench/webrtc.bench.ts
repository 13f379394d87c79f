// WebRTC DataChannel against WebSocket, in the same run, through a real relay on loopback: a Node
// source and a Node receiver (node-datachannel's polyfill) per path. Two measures per path, in
// interleaved rounds (WS, DC, WS, DC ...) so load spikes on a shared machine hit both:
//  - throughput: 960,016 B Pixels frames (600x400 RGBA) with at most WINDOW frames in flight,
//    delivered bytes per second at the receiver;
//  - latency: one small Pixels frame (8x8, 272 B) at a time, send to delivery, p50 and p95.
// The DataChannel's figures are printed as ratios against the WebSocket's. Writes
// bench/results/webrtc.md.   npm run bench webrtc   (or: npx tsx bench/webrtc.bench.ts [rounds])
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRelay } from '@ds-stream/react/relay';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { WebSocket } from 'ws';
import { encodeMessage, FrameType, peekSeq } from '../src/protocol/index';
import {
  channelUrl,
  createDataChannelTransport,
  createWebSocketTransport,
  type RTCPeerConnectionConstructor,
  type Transport,
  type WebSocketConstructor,
} from '../src/transport/index';
import { markdownTable, ratio } from './baseline';

type Path = 'websocket' | 'webrtc';
const ROUNDS = Number(process.argv[2] ?? 3);
const THROUGHPUT_MS = 3000;
const LATENCY_SAMPLES = 200;
const WINDOW = 2;
const BIG = pixels(600, 400);
const SMALL = pixels(8, 8);

function pixels(w: number, h: number): Uint8Array {
  const payload = new Uint8Array(w * h * 4);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) & 0xff;
  return encodeMessage(
    { type: FrameType.Pixels, flags: 0, seq: 0, timestamp: 0, width: w, height: h },
    payload,
  );
}

function withSeq(m: Uint8Array, seq: number): Uint8Array {
  const out = m.slice();
  new DataView(out.buffer).setUint16(2, seq & 0xffff, true);
  return out;
}

function transport(path: Path, relayUrl: string, channel: string, role: 'source' | 'receiver'): Transport {
  const common = {
    url: channelUrl(relayUrl, channel, role),
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    reconnect: false,
    highWaterMark: 8 << 20,
  };
  if (path === 'websocket') return createWebSocketTransport(common);
  return createDataChannelTransport({
    ...common,
    mode: 'webrtc',
    RTCPeerConnection: RTCPeerConnection as unknown as RTCPeerConnectionConstructor,
  });
}

const ready = (t: Transport, path: Path) =>
  path === 'websocket' ? t.state === 'open' : (t as { kind?: string }).kind === 'webrtc';

async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Pair {
  tx: Transport;
  rx: Transport;
  onPicture: (fn: (m: Uint8Array) => void) => void;
}

async function pair(path: Path, relayUrl: string, channel: string): Promise<Pair> {
  const rx = transport(path, relayUrl, channel, 'receiver');
  const tx = transport(path, relayUrl, channel, 'source');
  let handler: (m: Uint8Array) => void = () => {};
  rx.on('message', (m) => (m[0] === FrameType.Pixels ? handler(m) : undefined));
  rx.connect();
  tx.connect();
  await until(() => ready(rx, path) && ready(tx, path), `${path} open`);
  return { tx, rx, onPicture: (fn) => (handler = fn) };
}

/** Delivered bytes per second of 960 KB frames, WINDOW in flight (a lost one frees its slot after 1 s). */
async function throughput(p: Pair): Promise<{ bps: number; lost: number; sent: number }> {
  let inFlight = new Map<number, number>();
  let delivered = 0;
  let lost = 0;
  let seq = 0;
  let wake: () => void = () => {};
  p.onPicture((m) => {
    if (inFlight.delete(peekSeq(m))) delivered += m.byteLength;
    wake();
  });
  const start = performance.now();
  while (performance.now() - start < THROUGHPUT_MS) {
    const now = performance.now();
    for (const [s, t] of inFlight)
      if (now - t > 1000) {
        inFlight.delete(s);
        lost++;
      }
    if (inFlight.size < WINDOW) {
      inFlight.set(seq & 0xffff, now);
      p.tx.send(withSeq(BIG, seq++));
      continue;
    }
    await new Promise<void>((r) => {
      wake = r;
      setTimeout(r, 50);
    });
  }
  const elapsed = (performance.now() - start) / 1000;
  inFlight = new Map();
  return { bps: delivered / elapsed, lost, sent: seq };
}

/** Send-to-delivery ms of small frames, one at a time. */
async function latency(p: Pair): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const t0 = performance.now();
    const got = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 2000);
      p.onPicture(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    p.tx.send(withSeq(SMALL, i));
    if (await got) out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 2));
  }
  return out;
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const median = (xs: number[]) => pct(xs, 0.5);

async function main(): Promise<void> {
  const relay = createRelay({ port: 0, host: '127.0.0.1', logLevel: 'error' });
  await relay.listen();
  const res: Record<Path, { bps: number[]; p50: number[]; p95: number[]; lost: number; sent: number }> = {
    websocket: { bps: [], p50: [], p95: [], lost: 0, sent: 0 },
    webrtc: { bps: [], p50: [], p95: [], lost: 0, sent: 0 },
  };
  for (let r = 0; r < ROUNDS; r++) {
    for (const path of ['websocket', 'webrtc'] as const) {
      const p = await pair(path, relay.url, `bench-${path}-${r}`);
      const t = await throughput(p);
      res[path].bps.push(t.bps);
      res[path].lost += t.lost;
      res[path].sent += t.sent;
      const lat = await latency(p);
      res[path].p50.push(pct(lat, 0.5));
      res[path].p95.push(pct(lat, 0.95));
      p.tx.close();
      p.rx.close();
      console.log(
        `round ${r + 1} ${path}: ${(median(res[path].bps.slice(-1)) / 1e6).toFixed(1)} MB/s, p50 ${pct(lat, 0.5).toFixed(2)} ms, p95 ${pct(lat, 0.95).toFixed(2)} ms`,
      );
    }
  }
  await relay.close();
  const ws = {
    bps: median(res.websocket.bps),
    p50: median(res.websocket.p50),
    p95: median(res.websocket.p95),
  };
  const dc = { bps: median(res.webrtc.bps), p50: median(res.webrtc.p50), p95: median(res.webrtc.p95) };
  const table = markdownTable(
    ['measure (loopback, median of rounds)', 'WebSocket', 'DataChannel', 'DataChannel / WebSocket'],
    [
      [
        'throughput, 960 KB Pixels frames',
        `${(ws.bps / 1e6).toFixed(1)} MB/s`,
        `${(dc.bps / 1e6).toFixed(1)} MB/s`,
        ratio(dc.bps / ws.bps),
      ],
      [
        '960 KB frames not delivered in 1 s',
        `${res.websocket.lost} of ${res.websocket.sent}`,
        `${res.webrtc.lost} of ${res.webrtc.sent}`,
        '',
      ],
      [
        'latency p50, 272 B frames',
        `${ws.p50.toFixed(2)} ms`,
        `${dc.p50.toFixed(2)} ms`,
        ratio(dc.p50 / ws.p50),
      ],
      [
        'latency p95, 272 B frames',
        `${ws.p95.toFixed(2)} ms`,
        `${dc.p95.toFixed(2)} ms`,
        ratio(dc.p95 / ws.p95),
      ],
    ],
  );
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()[0]!.toFixed(1)}, Node ${process.version}, ${ROUNDS} rounds`;
  console.log(`\n${table}\n\n${machine}`);
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}webrtc.md`, `${table}\n\n${machine}\n`);
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
