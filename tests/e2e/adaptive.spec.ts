// Adaptive quality in real Chromium: the receiver's link runs through the link shaper. Throttled to
// 2 MB/s, the source must leave raw pixels within 2 s and keep a correct picture at the level it
// settles on; once the throttle is lifted it must come back to pixels. Also: Opus audio end to end.

import { FrameType } from '@ds-stream/react/core';
import { createLinkShaper, type LinkShaper } from '@ds-stream/react/relay';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AdaptiveReceiverApi,
  type AdaptiveSourceApi,
  closeAdaptivePages,
  inPage,
  openAdaptive,
  psnr,
  readCanvas,
  waitInPage,
} from './adaptive-pages/pages';
import { type E2eEnv, startE2e } from './helpers/env';

let env: E2eEnv;
let shaper: LinkShaper;
beforeAll(async () => {
  env = await startE2e();
  shaper = createLinkShaper({ target: env.relay.url });
  await shaper.listen();
});
afterEach(async () => {
  shaper?.lift();
  await closeAdaptivePages();
});
afterAll(async () => {
  await shaper?.close();
  await env?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const THROTTLE = 2_000_000;

describe('adaptive quality over a throttled receiver link', () => {
  // The 2 s deadline is the acceptance criterion, so it is asserted here. Measured on a
  // shared 2-core machine it sits near 0.9 s; one retry absorbs a scheduler stall, two misses fail.
  it('steps down from pixel within 2 s at 2 MB/s, shows a correct picture, and steps back up after the lift', {
    timeout: 120_000,
    retry: 1,
  }, async () => {
    const channel = 'adaptive-throttle';
    // 15 fps: raw pixels are 14.4 MB/s, which the open link carries even on a busy machine.
    const source = await openAdaptive(env, 'source', {
      channel,
      mode: 'pixel',
      fps: 15,
      relay: env.relay.url,
    });
    const receiver = await openAdaptive(env, 'receiver', { channel, relay: shaper.url });
    // Unthrottled: pixels flow and ACKs come back (the controller has estimates).
    await waitInPage(
      receiver.page,
      (api: AdaptiveReceiverApi) => api.state().stats.framesReceived >= 20,
      null,
      30_000,
    );
    await waitInPage(
      source.page,
      (api: AdaptiveSourceApi) => api.state().quality.estimates.rttMs !== null,
      null,
    );
    // A loaded machine can make even the open link look congested for a moment: start from pixels.
    await waitInPage(source.page, (api: AdaptiveSourceApi) => api.state().mode === 'pixel', null, 40_000);

    const t0 = Date.now();
    shaper.setRate(THROTTLE);
    await waitInPage(
      source.page,
      (api: AdaptiveSourceApi) => api.state().quality.level !== 'pixel',
      null,
      20_000,
    );
    const levels = await inPage(source.page, (api: AdaptiveSourceApi) => api.levels);
    const down = levels.find((l) => l.at >= t0 && l.level !== 'pixel')!;
    const stepDownMs = down.at - t0;
    expect(stepDownMs).toBeLessThan(2000);

    // Freeze the scene; once the receiver shows the source's current mode, its picture must match:
    // exactly for pixel and delta, within 30 dB PSNR for lossy WebP.
    await sleep(2000);
    await inPage(source.page, (api: AdaptiveSourceApi) => api.app.pause());
    let check = { mode: '', db: Number.NEGATIVE_INFINITY, ok: false };
    for (let i = 0; i < 60 && !check.ok; i++) {
      await sleep(250);
      const [sm, rm] = await Promise.all([
        inPage(source.page, (api: AdaptiveSourceApi) => api.state().mode),
        inPage(receiver.page, (api: AdaptiveReceiverApi) => api.state().mode),
      ]);
      if (sm !== rm) continue;
      const [a, b] = await Promise.all([readCanvas(source.page), readCanvas(receiver.page)]);
      const db = psnr(a, b);
      check = { mode: rm ?? '', db, ok: rm === 'compressed' ? db > 30 : db === Number.POSITIVE_INFINITY };
    }
    const steady = await inPage(source.page, (api: AdaptiveSourceApi) => api.state());
    expect(check.mode).not.toBe('pixel');
    expect(check.ok).toBe(true);
    const db = check.db;
    await inPage(source.page, (api: AdaptiveSourceApi) => api.app.resume());

    const t1 = Date.now();
    shaper.lift();
    await waitInPage(
      source.page,
      (api: AdaptiveSourceApi) => api.state().quality.level === 'pixel',
      null,
      60_000,
    );
    const after = await inPage(source.page, (api: AdaptiveSourceApi) => api.levels);
    const up = after.find((l) => l.at >= t1 && l.level === 'pixel')!;
    console.info(
      `adaptive e2e: step down ${Math.round(stepDownMs)} ms (to ${down.level}: ${down.reason}); ` +
        `compared in ${check.mode} (PSNR ${db.toFixed(1)} dB), then ${steady.mode} at ${steady.quality.fps} fps, WebP quality ${steady.imageQuality}; ` +
        `step up ${Math.round(up.at - t1)} ms after the lift`,
    );
    await waitInPage(receiver.page, (api: AdaptiveReceiverApi) => api.state().mode === 'pixel', null, 20_000);
    expect([...source.errors, ...receiver.errors]).toEqual([]);
  });
});

describe('audio through the engines', () => {
  it.each([
    { codec: 'auto', type: FrameType.AudioCompressed, other: FrameType.AudioPcm, maxMean: 600 },
    { codec: 'pcm', type: FrameType.AudioPcm, other: FrameType.AudioCompressed, maxMean: 8000 },
  ] as const)(
    'a 440 Hz tone ($codec) goes out in 20 ms frames of type $type and decodes to the same tone',
    async ({ codec, type, other, maxMean }) => {
      const channel = `adaptive-audio-${codec}`;
      const params = { channel, mode: 'signal', adaptive: 0, audio: codec, relay: env.relay.url };
      const source = await openAdaptive(env, 'source', params, { wire: true });
      const receiver = await openAdaptive(env, 'receiver', { channel, relay: env.relay.url }, { wire: true });
      const want = codec === 'auto' ? 'opus' : 'pcm';
      await waitInPage(
        source.page,
        (api: AdaptiveSourceApi, w: string) => api.state().audioCodec === w,
        want,
        20_000,
      );
      await sleep(2000);
      const frames = receiver.wire.filter((m) => m.dir === 'in' && m.type === type);
      expect(frames.length).toBeGreaterThan(40);
      expect(receiver.wire.some((m) => m.type === other)).toBe(false);
      // 20 ms of 48 kHz stereo PCM is 7680 bytes of payload; an Opus packet at 48 kb/s about 120.
      const mean = frames.reduce((s, m) => s + m.bytes, 0) / frames.length;
      expect(mean).toBeLessThan(maxMean);
      // What crossed the relay decodes to the source's tone: 0.5 amplitude sine = 0.354 RMS, 440 Hz.
      const tone = await inPage(
        receiver.page,
        (api: AdaptiveReceiverApi, m: string[]) => api.analyseAudio(m),
        receiver.audio.map((m) => Buffer.from(m).toString('base64')),
      );
      expect(tone.errors).toEqual([]);
      expect(tone.seconds).toBeGreaterThan(0.5);
      expect(tone.rms).toBeGreaterThan(0.354 * 0.85);
      expect(tone.rms).toBeLessThan(0.354 * 1.15);
      expect(Math.abs(tone.hz - 440)).toBeLessThan(15);
      const state = await inPage(receiver.page, (api: AdaptiveReceiverApi) => api.state());
      expect(state.error).toBeNull();
      expect([...source.errors, ...receiver.errors]).toEqual([]);
    },
  );
});

describe('audio silence', () => {
  it('pure digital silence goes out as one chunk, then nothing; sound resumes at once', async () => {
    const channel = 'adaptive-audio-silence';
    const params = { channel, mode: 'signal', adaptive: 0, audio: 'pcm', relay: env.relay.url };
    const source = await openAdaptive(env, 'source', params, { wire: true });
    const receiver = await openAdaptive(env, 'receiver', { channel, relay: env.relay.url }, { wire: true });
    await waitInPage(source.page, (api: AdaptiveSourceApi) => api.state().audioCodec === 'pcm', null, 20_000);
    const audioIn = (from: number, to = Infinity) =>
      receiver.wire.filter(
        (m) => m.dir === 'in' && m.type === FrameType.AudioPcm && m.at >= from && m.at < to,
      ).length;
    await sleep(500);
    expect(audioIn(Date.now() - 400)).toBeGreaterThan(10);
    await inPage(source.page, (api: AdaptiveSourceApi) => api.setVolume(0));
    await sleep(500);
    const quietFrom = Date.now();
    await sleep(1000);
    // 20 ms chunks: a second of sound is 50 messages; a second of silence is none (the one
    // silent chunk that starts the run went out before quietFrom).
    expect(audioIn(quietFrom, Date.now())).toBe(0);
    const loudAt = Date.now();
    await inPage(source.page, (api: AdaptiveSourceApi) => api.setVolume(0.5));
    await sleep(600);
    const back = receiver.wire.find((m) => m.dir === 'in' && m.type === FrameType.AudioPcm && m.at >= loudAt);
    expect(back).toBeDefined();
    expect(back!.at - loudAt).toBeLessThan(300);
    expect(audioIn(loudAt)).toBeGreaterThan(10);
    expect([...source.errors, ...receiver.errors]).toEqual([]);
  });
});

describe('capture aligned to the app paints', () => {
  it.each([
    { capture: 'animation-frame', aligned: true },
    { capture: 'manual', aligned: true },
    { capture: 'interval', aligned: false },
  ] as const)('$capture: captures in the frame the app painted: $aligned', async ({ capture, aligned }) => {
    const channel = `adaptive-capture-${capture}`;
    const params = { channel, mode: 'delta', fps: 30, adaptive: 0, capture, relay: env.relay.url };
    const source = await openAdaptive(env, 'source', params);
    await waitInPage(
      source.page,
      (api: AdaptiveSourceApi) => api.state().stats.framesSent >= 30,
      null,
      20_000,
    );
    const a = await inPage(source.page, (api: AdaptiveSourceApi) => api.alignment());
    const share = a.inFrame / a.captures;
    console.log(`capture ${capture}: ${a.inFrame}/${a.captures} captures in the paint's frame`);
    if (aligned) expect(share).toBeGreaterThan(0.9);
    else expect(share).toBeLessThan(0.5);
    // Throttled to fps on a faster display: never more captures than the budget allows.
    const st = await inPage(source.page, (api: AdaptiveSourceApi) => api.state().stats);
    expect(st.fps).toBeLessThan(34);
    expect(source.errors).toEqual([]);
  });
});
