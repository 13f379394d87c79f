// Adaptive quality, WebP and Opus end to end in headless Chromium: compressed-mode bytes/s on the
// springs demo against raw pixels measured in the same run, Opus audio bytes/s against AudioPcm, and
// how long the quality controller takes to step down when the receiver's link is throttled to 2 MB/s
// (through the link shaper) and to step back up once it is lifted. Writes bench/results/e2e-quality.md.
// `--quick` shortens every phase (for a smoke run).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { FrameType, type SourceState } from '@ds-stream/react/core';
import { createLinkShaper } from '@ds-stream/react/relay';
import {
  type AdaptiveReceiverApi,
  type AdaptiveSourceApi,
  closeAdaptivePages,
  inPage,
  openAdaptive,
  waitInPage,
} from '../tests/e2e/adaptive-pages/pages';
import { type E2eEnv, startE2e } from '../tests/e2e/helpers/env';

const quick = process.argv.includes('--quick');
const STREAM_S = quick ? 3 : 8;
const AUDIO_S = quick ? 2 : 5;
const THROTTLE_RUNS = quick ? 1 : 3;
const THROTTLE = 2_000_000;
const resultsFile = fileURLToPath(new URL('./results/e2e-quality.md', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const kb = (bps: number) =>
  bps >= 1e6 ? `${(bps / 1e6).toFixed(2)} MB/s` : `${(bps / 1e3).toFixed(1)} KB/s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Bytes/s of the given frame types arriving at a receiver, over the last `seconds` of a stream. */
async function wireRate(
  env: E2eEnv,
  channel: string,
  params: Record<string, string | number>,
  types: number[],
  seconds: number,
): Promise<{ bps: number; frames: number; largest: number; channels: number; source: SourceState }> {
  const source = await openAdaptive(env, 'source', { channel, relay: env.relay.url, adaptive: 0, ...params });
  const receiver = await openAdaptive(env, 'receiver', { channel, relay: env.relay.url }, { wire: true });
  await sleep(1500); // warm-up: connection, first keyframe, encoder start
  const from = Date.now();
  await sleep(seconds * 1000);
  const to = Date.now();
  const msgs = receiver.wire.filter(
    (m) => m.dir === 'in' && types.includes(m.type) && m.at >= from && m.at < to,
  );
  const bytes = msgs.reduce((s, m) => s + m.bytes, 0);
  const state = await inPage(source.page, (api: AdaptiveSourceApi) => api.state());
  // Audio frames carry the channel count in the header's height field (bytes 10-11).
  const first = receiver.audio[0];
  const channels = first ? first[10]! | (first[11]! << 8) : 0;
  await closeAdaptivePages();
  return {
    bps: bytes / ((to - from) / 1000),
    frames: msgs.length / ((to - from) / 1000),
    largest: Math.max(0, ...msgs.map((m) => m.bytes)),
    channels,
    source: state,
  };
}

/** One throttle cycle: ms to leave pixel after throttling, the level reached, ms to return after lifting. */
async function throttleCycle(env: E2eEnv, run: number) {
  const shaper = createLinkShaper({ target: env.relay.url });
  await shaper.listen();
  try {
    const channel = `bench-throttle-${run}`;
    const source = await openAdaptive(env, 'source', {
      channel,
      mode: 'pixel',
      fps: 15,
      relay: env.relay.url,
    });
    const receiver = await openAdaptive(env, 'receiver', { channel, relay: shaper.url });
    await waitInPage(
      receiver.page,
      (api: AdaptiveReceiverApi) => api.state().stats.framesReceived >= 20,
      null,
      30_000,
    );
    await waitInPage(source.page, (api: AdaptiveSourceApi) => api.state().mode === 'pixel', null, 40_000);
    await sleep(1000);
    const t0 = Date.now();
    shaper.setRate(THROTTLE);
    await waitInPage(
      source.page,
      (api: AdaptiveSourceApi) => api.state().quality.level !== 'pixel',
      null,
      30_000,
    );
    await sleep(6000);
    const levels = await inPage(source.page, (api: AdaptiveSourceApi) => api.levels);
    const down = levels.find((l) => l.at >= t0 && l.level !== 'pixel');
    const settled = await inPage(source.page, (api: AdaptiveSourceApi) => api.state());
    const t1 = Date.now();
    shaper.lift();
    await waitInPage(
      source.page,
      (api: AdaptiveSourceApi) => api.state().quality.level === 'pixel',
      null,
      90_000,
    );
    const after = await inPage(source.page, (api: AdaptiveSourceApi) => api.levels);
    const up = after.find((l) => l.at >= t1 && l.level === 'pixel');
    return {
      downMs: down ? down.at - t0 : Number.NaN,
      firstLevel: down?.level ?? '?',
      settled: `${settled.quality.level} @ ${settled.quality.fps} fps, WebP q ${settled.imageQuality}`,
      upMs: up ? up.at - t1 : Number.NaN,
      path: after
        .filter((l) => l.at >= t0)
        .map((l) => `${l.level}@${l.fps}`)
        .join(' → '),
    };
  } finally {
    await closeAdaptivePages();
    await shaper.close();
  }
}

async function main(): Promise<void> {
  const env = await startE2e();
  try {
    const pictures = [FrameType.Pixels, FrameType.CompressedPixels, FrameType.DeltaPixels];
    const pixel = await wireRate(env, 'bench-q-pixel', { mode: 'pixel' }, pictures, STREAM_S);
    const compressed = await wireRate(env, 'bench-q-webp', { mode: 'compressed' }, pictures, STREAM_S);
    const lossless = await wireRate(
      env,
      'bench-q-png',
      { mode: 'compressed', imageQuality: 1 },
      pictures,
      STREAM_S,
    );
    const audio = [FrameType.AudioPcm, FrameType.AudioCompressed];
    const pcm = await wireRate(env, 'bench-q-pcm', { mode: 'signal', audio: 'pcm' }, audio, AUDIO_S);
    const opus = await wireRate(env, 'bench-q-opus', { mode: 'signal', audio: 'opus' }, audio, AUDIO_S);
    const cycles = [];
    for (let i = 0; i < THROTTLE_RUNS; i++) cycles.push(await throttleCycle(env, i));

    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(', ');
    const lines = [
      '## Adaptive quality, WebP and Opus (bench/e2e-quality.bench.ts)',
      '',
      `Headless Chromium (software rendering), springs demo 600x400 with its autopilot, relay and pages on 127.0.0.1,`,
      `${STREAM_S} s per picture mode and ${AUDIO_S} s per audio codec after 1.5 s of warm-up, bytes counted as they`,
      'arrive at the receiver WebSocket (headers included). Baselines are measured in the same run: raw Pixels for',
      `the picture rows, AudioPcm for the audio rows. Load average at the end: ${load} (shared machine).`,
      '',
      '| stream | on the wire | × baseline | frames/s | largest message |',
      '| --- | --- | --- | --- | --- |',
      `| pixel @30 fps (baseline) | ${kb(pixel.bps)} | 1.00× | ${pixel.frames.toFixed(1)} | ${pixel.largest} B |`,
      `| compressed, WebP q 0.8 @30 fps | ${kb(compressed.bps)} | ${(compressed.bps / pixel.bps).toFixed(4)}× | ${compressed.frames.toFixed(1)} | ${compressed.largest} B |`,
      `| compressed, WebP q 1.0 @30 fps | ${kb(lossless.bps)} | ${(lossless.bps / pixel.bps).toFixed(4)}× | ${lossless.frames.toFixed(1)} | ${lossless.largest} B |`,
      `| audio: AudioPcm 48 kHz, ${pcm.channels} ch (baseline) | ${kb(pcm.bps)} | 1.00× | ${pcm.frames.toFixed(1)} | ${pcm.largest} B |`,
      `| audio: Opus 48 kb/s, ${opus.channels} ch, 20 ms packets (codec: ${opus.source.audioCodec}) | ${kb(opus.bps)} | ${(opus.bps / pcm.bps).toFixed(3)}× | ${opus.frames.toFixed(1)} | ${opus.largest} B |`,
      '',
      `Controller on a receiver link throttled to ${THROTTLE / 1e6} MB/s by the link shaper (source at 15 fps, pixel`,
      'at start, default thresholds), then lifted; times from the shaper change to the store update in the source page:',
      '',
      '| run | step down from pixel | first level | after 6 s | step back up to pixel after lift | path |',
      '| --- | --- | --- | --- | --- | --- |',
      ...cycles.map(
        (c, i) =>
          `| ${i + 1} | ${Math.round(c.downMs)} ms | ${c.firstLevel} | ${c.settled} | ${Math.round(c.upMs)} ms | ${c.path} |`,
      ),
      `| median | ${Math.round(median(cycles.map((c) => c.downMs)))} ms | | | ${Math.round(median(cycles.map((c) => c.upMs)))} ms | |`,
      '',
      'Targets:',
      `- compressed < 1.5 MB/s at 30 fps: ${kb(compressed.bps)} (${compressed.bps < 1.5e6 ? 'met' : 'not met'})`,
      `- Opus about 6 KB/s against AudioPcm's 28 KB/s (seed): ${kb(opus.bps)} vs ${kb(pcm.bps)} (${(pcm.bps / opus.bps).toFixed(1)}× smaller)`,
      `- step down from pixel within 2 s at 2 MB/s: median ${Math.round(median(cycles.map((c) => c.downMs)))} ms (${median(cycles.map((c) => c.downMs)) < 2000 ? 'met' : 'not met'})`,
      '',
    ];
    const text = lines.join('\n');
    console.log(text);
    if (!quick) writeFileSync(resultsFile, text);
    else console.log('(--quick: results file not updated)');
  } finally {
    await env.close();
  }
}

await main();
