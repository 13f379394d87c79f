// Cluster benchmark (issue 18): the same load through one relay and through three relays over a
// real nats-server, in the same run: delivered rate and latency of 50 KB frames at 30 fps to six
// receivers (one relay: all six on it; three: two on each, the source on the first), and the
// time from a relay's SIGKILL to its receiver's first current picture on another relay.
// Writes bench/results/cluster.md. Needs nats-server (apt-get install nats-server).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { encodeMessage, Flag, FrameType } from '../src/protocol/index';
import { channelUrls } from '../src/transport/url';
import { createWebSocketTransport } from '../src/transport/websocket';
import { clusterRelay, meshed, stream, waitStatus } from '../tests/relay/cluster-helpers';
import { closeAll, connect, startRelay, type TestClient, until } from '../tests/relay/helpers';
import { startNats } from '../tests/relay/nats-server';
import { killRelayProcesses, startRelayProcess } from '../tests/relay/relay-process';

const FRAME = 50_000;
const FPS = 30;
const SECONDS = 6;
const resultsFile = fileURLToPath(new URL('./results/cluster.md', import.meta.url));

/** A 50 KB frame whose first payload bytes carry its send time (same process: one clock). */
function frame(seq: number, key: boolean): Uint8Array {
  const m = encodeMessage(
    {
      type: key ? FrameType.Pixels : FrameType.DeltaPixels,
      flags: key ? Flag.Keyframe : 0,
      seq,
      timestamp: seq,
      width: 8,
      height: 4,
    },
    new Uint8Array(key ? 128 : FRAME),
  );
  new DataView(m.buffer, m.byteOffset + 16).setFloat64(0, performance.now(), true);
  return m;
}

interface Load {
  delivered: number;
  p50: number;
  p99: number;
}

function pct(v: number[], p: number): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

async function load(source: TestClient, receivers: TestClient[]): Promise<Load> {
  const lat: number[] = [];
  let got = 0;
  for (const r of receivers) {
    r.ws.on('message', (d: Buffer) => {
      if (d[0] !== FrameType.DeltaPixels) return;
      got++;
      lat.push(performance.now() - new DataView(d.buffer, d.byteOffset + 16).getFloat64(0, true));
    });
  }
  source.send(frame(0, true));
  const total = FPS * SECONDS;
  for (let i = 1; i <= total; i++) {
    source.send(frame(i, false));
    await new Promise((r) => setTimeout(r, 1000 / FPS));
  }
  await new Promise((r) => setTimeout(r, 500));
  return { delivered: got / (total * receivers.length), p50: pct(lat, 50), p99: pct(lat, 99) };
}

async function single(): Promise<Load> {
  const relay = await startRelay();
  const source = await connect(relay, 'bench', 'source');
  const rs = await Promise.all(Array.from({ length: 6 }, () => connect(relay, 'bench', 'receiver')));
  const out = await load(source, rs);
  await closeAll();
  return out;
}

async function cluster(url: string): Promise<{ local: Load; remote: Load }> {
  const nats = { url } as Parameters<typeof clusterRelay>[0];
  const relays = await Promise.all([clusterRelay(nats), clusterRelay(nats), clusterRelay(nats)]);
  await meshed(relays);
  const source = await connect(relays[0]!, 'bench', 'source');
  const rs = await Promise.all(
    relays.flatMap((r) => [connect(r, 'bench', 'receiver'), connect(r, 'bench', 'receiver')]),
  );
  await Promise.all(rs.map((r) => waitStatus(r, 'online')));
  const lat: Record<'local' | 'remote', TestClient[]> = { local: rs.slice(0, 2), remote: rs.slice(2) };
  // One load, measured per group: the same frames go to both.
  const [local, remote] = await Promise.all([load(source, lat.local), measureOnly(lat.remote)]);
  await closeAll();
  return { local, remote: remote() };
}

/** Collects latencies on receivers while another `load` drives the source. */
async function measureOnly(receivers: TestClient[]): Promise<() => Load> {
  const lat: number[] = [];
  let got = 0;
  for (const r of receivers) {
    r.ws.on('message', (d: Buffer) => {
      if (d[0] !== FrameType.DeltaPixels) return;
      got++;
      lat.push(performance.now() - new DataView(d.buffer, d.byteOffset + 16).getFloat64(0, true));
    });
  }
  return () => ({
    delivered: got / (FPS * SECONDS * receivers.length),
    p50: pct(lat, 50),
    p99: pct(lat, 99),
  });
}

/** SIGKILL of a receiver's relay to its first picture sent after the kill, through the next relay. */
async function failover(url: string): Promise<number> {
  const nats = { url } as Parameters<typeof clusterRelay>[0];
  const [a, c] = await Promise.all([clusterRelay(nats), clusterRelay(nats)]);
  const b = await startRelayProcess(['--nats', url], 'NATS connected: cluster on');
  const source = await connect(a, 'failover', 'source');
  const s = stream(source, FPS, 2000);
  const [first, ...rest] = channelUrls([b.url, c.url], 'failover', 'receiver');
  const t = createWebSocketTransport({
    url: first,
    urls: rest,
    WebSocket,
    reconnect: { initialMs: 20, jitter: 0 },
  });
  let fresh = Number.POSITIVE_INFINITY;
  let killedAt = 0;
  let killedIndex = Number.POSITIVE_INFINITY;
  let n = 0;
  t.on('message', (m) => {
    if (m[0] !== FrameType.Pixels && m[0] !== FrameType.DeltaPixels) return;
    n++;
    const i = s.sent.findIndex((x) => Buffer.from(x).equals(Buffer.from(m)));
    if (i >= killedIndex && fresh === Number.POSITIVE_INFINITY) fresh = performance.now() - killedAt;
  });
  t.connect();
  await until(() => n > 10, 'pictures through B', 10_000);
  killedIndex = s.sent.length;
  killedAt = performance.now();
  await b.kill();
  await until(() => fresh !== Number.POSITIVE_INFINITY, 'a picture through C', 10_000);
  s.stop();
  t.close();
  killRelayProcesses();
  await closeAll();
  return fresh;
}

const nats = await startNats();
try {
  const one = await single();
  const three = await cluster(nats.url);
  const fails: number[] = [];
  for (let i = 0; i < 5; i++) fails.push(await failover(nats.url));
  const f = (x: number): string => x.toFixed(2);
  const lines = [
    `# Cluster bench (bench/cluster.bench.ts)`,
    '',
    `${new Date().toISOString()}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}; ${FRAME / 1000} KB frames at ${FPS} fps for ${SECONDS} s, 6 receivers.`,
    '',
    '| setup | receivers | delivered | p50 ms | p99 ms | p99 added vs one relay |',
    '|---|---|---|---|---|---|',
    `| one relay | 6 on it | ${f(one.delivered)} | ${f(one.p50)} | ${f(one.p99)} | - |`,
    `| three relays, NATS | 2 on the source's relay | ${f(three.local.delivered)} | ${f(three.local.p50)} | ${f(three.local.p99)} | ${f(three.local.p99 - one.p99)} |`,
    `| three relays, NATS | 4 on the other two | ${f(three.remote.delivered)} | ${f(three.remote.p50)} | ${f(three.remote.p99)} | ${f(three.remote.p99 - one.p99)} |`,
    '',
    `Relay SIGKILL to the receiver's first current picture on the next relay (transport backoff 20 ms), 5 runs: ${fails.map((x) => x.toFixed(0)).join(', ')} ms (median ${pct(fails, 50).toFixed(0)} ms).`,
    '',
  ];
  writeFileSync(resultsFile, lines.join('\n'));
  console.log(lines.join('\n'));
} finally {
  killRelayProcesses();
  await closeAll();
  await nats.dispose();
}
