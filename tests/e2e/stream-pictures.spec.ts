// Pixel, delta and signal modes in real Chromium: a source page streams the springs demo through
// the relay to a receiver page, and the receiver's canvas must equal the source's byte for byte.
import { FrameType } from '@ds-stream/react/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countDifferentPixels, psnr, readPixels, settledPair } from './helpers/compare';
import { type E2eEnv, startE2e } from './helpers/env';
import { onReceiver, onSource, waitOnReceiver } from './helpers/page-api';
import { waitUntil } from './helpers/wait';

/** Frames the receiver must have taken in before the comparison. */
const N = 30;

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

/**
 * 10 fps: raw pixels are then 9.6 MB/s through the in-process relay, which shares its event loop with
 * the page server; at 30 fps (29 MB/s) a busy machine starves both. The receiver page loads first,
 * before the stream competes with it.
 */
const FPS = 10;

async function streamAndCompare(mode: 'pixel' | 'delta' | 'signal', channel: string) {
  const receiver = await env.open('receiver', { channel }, { wire: true });
  const source = await env.open('source', { channel, mode, autopilot: 1, fps: FPS });
  await waitOnReceiver(receiver.page, (api, n) => api.state().stats.framesReceived >= n, N, 60_000);
  // Freeze mid-motion: the last picture has moving (squashed) bodies, not a resting scene.
  await onSource(source.page, (api) => api.app.pause());
  const pair = await settledPair(source.page, receiver.page);
  const state = await onReceiver(receiver.page, (api) => api.state());
  return { source, receiver, pair, state };
}

describe.each(['pixel', 'delta'] as const)('%s mode', (mode) => {
  it(`the receiver canvas equals the source canvas pixel for pixel after ${N} frames`, async () => {
    const { source, receiver, pair, state } = await streamAndCompare(mode, `pictures-${mode}`);
    expect(state.mode).toBe(mode);
    expect(state.stats.framesReceived).toBeGreaterThanOrEqual(N);
    expect(pair.receiver.width).toBe(600);
    expect(pair.receiver.height).toBe(400);
    expect(countDifferentPixels(pair.source, pair.receiver)).toBe(0);
    expect(pair.matchedHash).toBe(true);
    const kinds = new Set(receiver.wire.filter((m) => m.dir === 'in').map((m) => m.type));
    expect(kinds.has(mode === 'pixel' ? FrameType.Pixels : FrameType.DeltaPixels)).toBe(true);
    expect([...source.errors, ...receiver.errors]).toEqual([]);
  });
});

describe('signal mode', () => {
  it('the receiver renders the same scene from state, with every signal frame under 200 bytes', async () => {
    const { source, receiver, pair, state } = await streamAndCompare('signal', 'pictures-signal');
    expect(state.mode).toBe('signal');
    expect(state.signal).not.toBeNull();
    expect(countDifferentPixels(pair.source, pair.receiver)).toBe(0);
    const signal = receiver.wire.filter(
      (m) => m.dir === 'in' && (m.type === FrameType.SignalSync || m.type === FrameType.SignalDiff),
    );
    expect(signal.length).toBeGreaterThanOrEqual(N);
    expect(Math.max(...signal.map((m) => m.bytes))).toBeLessThan(200);
    // No picture crossed the wire: the receiver painted from state alone.
    const pictures = receiver.wire.filter(
      (m) => m.dir === 'in' && (m.type === FrameType.Pixels || m.type === FrameType.DeltaPixels),
    );
    expect(pictures).toEqual([]);
    expect([...source.errors, ...receiver.errors]).toEqual([]);
  });
});

describe('compressed mode', () => {
  it('the receiver shows the WebP-compressed picture close to the source (lossy, so not exact)', async () => {
    const receiver = await env.open('receiver', { channel: 'pictures-compressed' }, { wire: true });
    const source = await env.open('source', {
      channel: 'pictures-compressed',
      mode: 'compressed',
      autopilot: 1,
      fps: FPS,
    });
    await waitOnReceiver(receiver.page, (api, n) => api.state().stats.framesReceived >= n, N, 60_000);
    await onSource(source.page, (api) => api.app.pause());
    // A lossy stream never matches byte for byte: wait until the still scene reaches the receiver
    // (consecutive frames of the moving scene differ by far more than WebP's loss).
    const a = await readPixels(source.page);
    let b = await readPixels(receiver.page);
    await waitUntil(async () => {
      b = await readPixels(receiver.page);
      return psnr(a, b) > 30;
    }, 'the paused picture at the receiver').catch(() => undefined);
    expect(await onReceiver(receiver.page, (api) => api.state().mode)).toBe('compressed');
    expect(receiver.wire.some((m) => m.dir === 'in' && m.type === FrameType.CompressedPixels)).toBe(true);
    expect(psnr(a, b)).toBeGreaterThan(30);
    expect([...source.errors, ...receiver.errors]).toEqual([]);
  });
});
