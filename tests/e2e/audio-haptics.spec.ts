// Audio and haptics cross the wire: audio frames (PCM or Opus) reach the receiver and its AudioWorklet
// receives (and plays) the samples; a Haptic frame makes the receiver call navigator.vibrate
// with the documented pattern (stubbed, since headless Chromium has no motor).
import { FrameType } from '@ds-stream/react/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type E2eEnv, startE2e } from './helpers/env';
import { onReceiver, onSource, waitOnReceiver } from './helpers/page-api';
import { waitUntil } from './helpers/wait';

let env: E2eEnv;
beforeAll(async () => {
  env = await startE2e();
});
afterEach(async () => {
  await env?.closePages();
});
afterAll(async () => {
  await env?.close();
});

/** Installed before the receiver page's scripts: records every vibrate call. */
function stubVibrate(): void {
  const calls: unknown[] = [];
  Object.defineProperty(window, '__vibrations', { value: calls });
  Object.defineProperty(Navigator.prototype, 'vibrate', {
    configurable: true,
    writable: true,
    value: (pattern: VibratePattern) => {
      calls.push(typeof pattern === 'number' ? pattern : Array.from(pattern));
      return true;
    },
  });
}

describe('audio', () => {
  it('audio frames arrive and the receiver AudioWorklet receives and plays the samples', async () => {
    const source = await env.open('source', { channel: 'audio', mode: 'signal', autopilot: 0, audio: 1 });
    const receiver = await env.open('receiver', { channel: 'audio' }, { wire: true });
    // 0.5 s of 48 kHz audio posted to the worklet, whatever the channel count.
    await waitOnReceiver(receiver.page, (api) => api.audio.samplesPosted >= 24_000, undefined);
    // Raw PCM (0x10), or Opus (0x11) where the source's browser has an AudioEncoder.
    const audioFrames = receiver.wire.filter(
      (m) => m.dir === 'in' && (m.type === FrameType.AudioPcm || m.type === FrameType.AudioCompressed),
    );
    expect(audioFrames.length).toBeGreaterThan(5);
    expect(await onReceiver(receiver.page, (api) => api.audio.nodes)).toContain('ds-stream-player');
    // The source plays a 0.5-amplitude sine: the worklet's output must carry it.
    await waitOnReceiver(receiver.page, (api) => api.audio.outputPeak() > 0.2, undefined, 30_000);
    const peak = await onReceiver(receiver.page, (api) => api.audio.outputPeak());
    expect(peak).toBeGreaterThan(0.2);
    expect(peak).toBeLessThan(0.75);
    expect(await onSource(source.page, (api) => api.tone?.context.state)).toBe('running');
    expect([...source.errors, ...receiver.errors]).toEqual([]);
  });
});

describe('haptics', () => {
  it('a Haptic frame calls navigator.vibrate with its pattern, or its duration when it has none', async () => {
    const source = await env.open('source', { channel: 'haptic', mode: 'signal', autopilot: 0 });
    const receiver = await env.open('receiver', { channel: 'haptic' }, { wire: true, init: stubVibrate });
    await waitOnReceiver(receiver.page, (api) => api.state().signal !== null, undefined);

    await onSource(source.page, (api) =>
      api.engine.haptic({ durationMs: 110, intensity: 0.8, pattern: [30, 20, 60] }),
    );
    await receiver.page.waitForFunction(
      () => (window as unknown as { __vibrations: unknown[] }).__vibrations.length >= 1,
    );
    await onSource(source.page, (api) => api.engine.haptic({ durationMs: 45, intensity: 1 }));
    await receiver.page.waitForFunction(
      () => (window as unknown as { __vibrations: unknown[] }).__vibrations.length >= 2,
    );
    // Intensity 0 means "off": vibrate is not called for it.
    await onSource(source.page, (api) => api.engine.haptic({ durationMs: 45, intensity: 0 }));
    await onSource(source.page, (api) => api.engine.haptic({ durationMs: 15, intensity: 0.3 }));
    await receiver.page.waitForFunction(
      () => (window as unknown as { __vibrations: unknown[] }).__vibrations.length >= 3,
    );

    const calls = await receiver.page.evaluate(
      () => (window as unknown as { __vibrations: unknown[] }).__vibrations,
    );
    expect(calls).toEqual([[30, 20, 60], 45, 15]);
    // The wire record arrives over its own DevTools events: wait for it to catch up with the page.
    const haptics = await waitUntil(() => {
      const h = receiver.wire.filter((m) => m.dir === 'in' && m.type === FrameType.Haptic);
      return h.length >= 4 && h;
    }, 'four Haptic frames on the wire');
    expect(haptics).toHaveLength(4);
    expect([...source.errors, ...receiver.errors]).toEqual([]);
  });
});
