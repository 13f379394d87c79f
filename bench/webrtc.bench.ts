// WebRTC DataChannel against WebSocket, in the same run, through a real relay on loopback: a Node
// source and a Node receiver (node-datachannel's polyfill) per path. Two measures per path, in
// interleaved rounds (WS, DC, WS, DC ...) so load spikes on a shared machine hit both:
//  - throughput: 960,016 B Pixels frames (600x400 RGBA) with at most WINDOW frames in flight,
//    delivered bytes per second at the receiver;
//  - latency: one small Pixels frame (8x8, 272 B) at a time, send to delivery, p50 and p95.
// Then behind lossy links (bench/webrtc-lossy.ts): small frames every 20 ms, the DataChannel through
// a UDP proxy that drops 2% of datagrams, the WebSocket through a TCP proxy that holds 2% of its
// downstream chunks for 200 ms. The DataChannel's figures are printed as ratios against the
// WebSocket's. Writes bench/results/webrtc.md.
//   npm run bench webrtc   (or: npx tsx bench/webrtc.bench.ts [rounds] [no-loss])
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRelay } from '@ds-stream/react/relay';
import { peekSeq } from '../src/protocol/index';
import { markdownTable, ratio } from './baseline';
import { holdProxy, UdpLossProxy } from './webrtc-lossy';
import { type Pair, type Path, pair, pixels, withSeq } from './webrtc-pair';

const ROUNDS = Number(process.argv[2] ?? 3);
const THROUGHPUT_MS = 3000;
const LATENCY_SAMPLES = 200;
const WINDOW = 2;
/** Lossy links: 2% of UDP datagrams dropped (DataChannel), 2% of TCP chunks held 200 ms (WebSocket). */
const LOSSY = process.argv[3] !== 'no-loss';
const LOSS = 0.02;
const HOLD_MS = 200;
const STREAM_FRAMES = 400;
const STREAM_PERIOD_MS = 20;
const BIG = pixels(600, 400);
const SMALL = pixels(8, 8);

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

/** Small frames every STREAM_PERIOD_MS whatever arrives: latency of each delivered one, and how many never did. */
async function streamLatency(p: Pair): Promise<{ ms: number[]; lost: number }> {
  const sentAt = new Map<number, number>();
  const ms: number[] = [];
  p.onPicture((m) => {
    const t = sentAt.get(peekSeq(m));
    if (t !== undefined) ms.push(performance.now() - t);
    sentAt.delete(peekSeq(m));
  });
  for (let i = 0; i < STREAM_FRAMES; i++) {
    sentAt.set(i, performance.now());
    p.tx.send(withSeq(SMALL, i));
    await new Promise((r) => setTimeout(r, STREAM_PERIOD_MS));
  }
  await new Promise((r) => setTimeout(r, 2000));
  return { ms, lost: sentAt.size };
}

/** One round behind the lossy links: WebSocket through the hold proxy, DataChannel through the UDP proxy. */
async function lossyRound(relay: { url: string; port: number }, r: number, out: Record<Path, Lossy>) {
  const hold = await holdProxy(relay.port, LOSS, HOLD_MS);
  const udp = new UdpLossProxy(LOSS);
  await udp.listen();
  for (const path of ['websocket', 'webrtc'] as const) {
    const via = path === 'websocket' ? { url: hold.url } : udp.constructors();
    const p = await pair(path, relay.url, `lossy-${path}-${r}`, via);
    const { ms, lost } = await streamLatency(p);
    out[path].p50.push(pct(ms, 0.5));
    out[path].p95.push(pct(ms, 0.95));
    out[path].lost += lost;
    out[path].sent += STREAM_FRAMES;
    p.tx.close();
    p.rx.close();
    console.log(
      `lossy round ${r + 1} ${path}: p50 ${pct(ms, 0.5).toFixed(1)} ms, p95 ${pct(ms, 0.95).toFixed(1)} ms, lost ${lost}`,
    );
  }
  // The route check: the DataChannel's datagrams really crossed the proxy (ICE had no other pair).
  if (udp.passed < STREAM_FRAMES) throw new Error(`only ${udp.passed} datagrams crossed the UDP proxy`);
  out.webrtc.dropped += udp.dropped;
  out.webrtc.passed += udp.passed;
  out.websocket.dropped += hold.held();
  udp.close();
  await hold.close();
}

interface Lossy {
  p50: number[];
  p95: number[];
  lost: number;
  sent: number;
  dropped: number;
  passed: number;
}

const mb = (x: number) => `${(x / 1e6).toFixed(1)} MB/s`;
const msOf = (x: number) => `${x.toFixed(2)} ms`;

async function main(): Promise<void> {
  const relay = createRelay({ port: 0, host: '127.0.0.1', logLevel: 'error' });
  await relay.listen();
  const res: Record<Path, { bps: number[]; p50: number[]; p95: number[]; lost: number; sent: number }> = {
    websocket: { bps: [], p50: [], p95: [], lost: 0, sent: 0 },
    webrtc: { bps: [], p50: [], p95: [], lost: 0, sent: 0 },
  };
  const lossy: Record<Path, Lossy> = {
    websocket: { p50: [], p95: [], lost: 0, sent: 0, dropped: 0, passed: 0 },
    webrtc: { p50: [], p95: [], lost: 0, sent: 0, dropped: 0, passed: 0 },
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
        `round ${r + 1} ${path}: ${mb(t.bps)}, p50 ${msOf(pct(lat, 0.5))}, p95 ${msOf(pct(lat, 0.95))}`,
      );
    }
    if (LOSSY) await lossyRound(relay, r, lossy);
  }
  await relay.close();
  const summary = (k: Path) => ({
    bps: median(res[k].bps),
    p50: median(res[k].p50),
    p95: median(res[k].p95),
    lp50: median(lossy[k].p50),
    lp95: median(lossy[k].p95),
  });
  const ws = summary('websocket');
  const dc = summary('webrtc');
  const rows: Array<Array<string | number>> = [
    ['throughput, 960 KB Pixels frames', mb(ws.bps), mb(dc.bps), ratio(dc.bps / ws.bps)],
    [
      '960 KB frames not delivered in 1 s',
      `${res.websocket.lost} of ${res.websocket.sent}`,
      `${res.webrtc.lost} of ${res.webrtc.sent}`,
      '',
    ],
    ['latency p50, 272 B frames one at a time', msOf(ws.p50), msOf(dc.p50), ratio(dc.p50 / ws.p50)],
    ['latency p95, 272 B frames one at a time', msOf(ws.p95), msOf(dc.p95), ratio(dc.p95 / ws.p95)],
  ];
  if (LOSSY)
    rows.push(
      [
        `lossy: latency p50, 272 B frames every ${STREAM_PERIOD_MS} ms`,
        msOf(ws.lp50),
        msOf(dc.lp50),
        ratio(dc.lp50 / ws.lp50),
      ],
      [
        `lossy: latency p95, 272 B frames every ${STREAM_PERIOD_MS} ms`,
        msOf(ws.lp95),
        msOf(dc.lp95),
        ratio(dc.lp95 / ws.lp95),
      ],
      [
        'lossy: frames never delivered',
        `${lossy.websocket.lost} of ${lossy.websocket.sent}`,
        `${lossy.webrtc.lost} of ${lossy.webrtc.sent}`,
        '',
      ],
      [
        'lossy: what the link did',
        `${lossy.websocket.dropped} chunks held ${HOLD_MS} ms`,
        `${lossy.webrtc.dropped} of ${lossy.webrtc.dropped + lossy.webrtc.passed} datagrams dropped`,
        '',
      ],
    );
  const table = markdownTable(
    ['measure (loopback, median of rounds)', 'WebSocket', 'DataChannel', 'DataChannel / WebSocket'],
    rows,
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
