// Glass-to-glass in headless Chromium over DataChannels against over the WebSocket, in the same run:
// the springs demo (600x400, 30 fps, autopilot tour, delta mode, a capture after each paint) streams
// through the relay to a receiver page, both pages with the engine option `transport` set to
// 'websocket' or 'webrtc', in interleaved rounds. Glass-to-glass runs from the source canvas paint
// of a view to the receiver canvas paint of it (the marker pixel says which view), as in
// bench/e2e.bench.ts. Writes bench/results/e2e-webrtc.md.
//   npm run bench e2e-webrtc   (or: npx tsx bench/e2e-webrtc.bench.ts [seconds-per-run] [rounds])
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type E2eEnv, startE2e } from '../tests/e2e/helpers/env';
import { onReceiver, onSource, waitOnReceiver } from '../tests/e2e/helpers/page-api';
import { waitUntil } from '../tests/e2e/helpers/wait';
import { markdownTable, ratio } from './baseline';
import { glassToGlass } from './glass-to-glass';

type Kind = 'websocket' | 'webrtc';
const SECONDS = Number(process.argv[2] ?? 8);
const ROUNDS = Number(process.argv[3] ?? 2);

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};

async function measure(env: E2eEnv, transport: Kind, round: number): Promise<number[]> {
  const channel = `g2g-${transport}-${round}`;
  const params = { channel, marker: 'pixel', transport };
  const source = await env.open('source', {
    ...params,
    mode: 'delta',
    fps: 30,
    autopilot: 1,
    capture: 'paint',
  });
  const receiver = await env.open('receiver', params);
  try {
    await waitOnReceiver(receiver.page, (api) => api.state().stats.framesReceived > 10, undefined, 60_000);
    const kinds = async () => [
      await onSource(source.page, (api) => api.state().transport),
      await onReceiver(receiver.page, (api) => api.state().transport),
    ];
    await waitUntil(
      async () => (await kinds()).every((k) => k === transport),
      `both on ${transport}`,
      60_000,
    );
    await receiver.page.waitForTimeout(1000);
    const fromS = await onSource(source.page, (api) => api.paints.length);
    const fromR = await onReceiver(receiver.page, (api) => api.paints.length);
    await receiver.page.waitForTimeout(SECONDS * 1000);
    const sPaints = await onSource(source.page, (api, from) => api.paints.slice(from), fromS);
    const rPaints = await onReceiver(receiver.page, (api, from) => api.paints.slice(from), fromR);
    const still = await kinds();
    if (!still.every((k) => k === transport))
      throw new Error(`left ${transport} mid-run: ${still.join(', ')}`);
    return glassToGlass(sPaints, rPaints);
  } finally {
    await env.closePages();
  }
}

const env = await startE2e(['--allow-loopback-in-peer-connection']);
const samples: Record<Kind, number[]> = { websocket: [], webrtc: [] };
const perRound: string[] = [];
try {
  for (let r = 0; r < ROUNDS; r++) {
    for (const t of ['websocket', 'webrtc'] as const) {
      const ms = await measure(env, t, r);
      samples[t].push(...ms);
      const line = `round ${r + 1} ${t}: p50 ${pct(ms, 0.5).toFixed(1)} ms, p95 ${pct(ms, 0.95).toFixed(1)} ms (${ms.length} samples)`;
      perRound.push(line);
      console.log(line);
    }
  }
} finally {
  await env.close();
}

const ws = samples.websocket;
const dc = samples.webrtc;
const table = markdownTable(
  [
    'glass-to-glass, delta 600x400 @30 fps (all rounds pooled)',
    'WebSocket',
    'DataChannel',
    'DataChannel / WebSocket',
  ],
  [
    [
      'p50',
      `${pct(ws, 0.5).toFixed(1)} ms`,
      `${pct(dc, 0.5).toFixed(1)} ms`,
      ratio(pct(dc, 0.5) / pct(ws, 0.5)),
    ],
    [
      'p95',
      `${pct(ws, 0.95).toFixed(1)} ms`,
      `${pct(dc, 0.95).toFixed(1)} ms`,
      ratio(pct(dc, 0.95) / pct(ws, 0.95)),
    ],
    ['samples', ws.length, dc.length, ''],
  ],
);
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()[0]!.toFixed(1)}, ${ROUNDS} rounds of ${SECONDS} s per transport, headless Chromium`;
console.log(`\n${table}\n\n${machine}`);
const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}e2e-webrtc.md`, `${table}\n\n${perRound.join('\n')}\n\n${machine}\n`);
process.exit(0);
