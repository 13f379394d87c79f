// @vitest-environment jsdom
// setInputs / setAudio / setHaptics change a running receiver without reconnecting.

import type { RenderSurface } from '@ds-stream/react/core';
import { createReceiverEngine, isMediaError } from '@ds-stream/react/core';
import { afterEach, expect, test, vi } from 'vitest';
import { encodeAudioCompressed } from '../../src/codec/audio-compressed';
import { encodeHaptic } from '../../src/codec/haptic';
import { encodePixels } from '../../src/codec/pixels';
import { decodeInput, decodeMessage, Flag, type InputEvent } from '../../src/protocol/index';
import { createTransportPair } from '../helpers/transport-pair';

vi.setConfig({ expect: { poll: { timeout: 5000 } } });

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

function setup(options: { inputs?: false; audio?: boolean; haptics?: boolean } = {}) {
  const [src, rt] = createTransportPair();
  const receiver = createReceiverEngine({
    url: 'ws://x',
    channel: 'c',
    transport: rt,
    pingIntervalMs: 0,
    acks: false,
    ...options,
  });
  disposers.push(() => receiver.dispose());
  const el = document.createElement('div');
  el.getBoundingClientRect = () => ({ left: 0, top: 0, width: 100, height: 100 }) as DOMRect;
  document.body.append(el);
  disposers.push(() => el.remove());
  const surface: RenderSurface = { width: 0, height: 0, resize() {}, putPixels() {}, context2d: () => null };
  receiver.attach(el, surface);
  const got: InputEvent[] = [];
  let opens = 0;
  rt.on('open', () => opens++);
  src.on('message', (b) => {
    const m = decodeMessage(b);
    if (m.header.flags & Flag.Input && m.header.type !== 0xfe) got.push(decodeInput(m));
  });
  src.connect();
  receiver.connect();
  return { src, rt, receiver, el, got, opens: () => opens };
}

test('setInputs turns capture on and off on the attached element, on the same connection', async () => {
  const { src, rt, receiver, el, got, opens } = setup({ inputs: false });
  await expect.poll(() => src.state === 'open' && rt.state === 'open').toBe(true);
  src.send(encodePixels(new Uint8Array(100 * 100 * 4), 100, 100, { seq: 1, timestamp: 0 }));
  await expect.poll(() => receiver.store.getState().width).toBe(100);
  el.dispatchEvent(new MouseEvent('pointerdown', { clientX: 5, clientY: 5, buttons: 1 }));
  await new Promise((r) => setTimeout(r, 40));
  expect(got.some((e) => e.kind === 'pointerdown')).toBe(false);

  receiver.setInputs({ pointer: true, keyboard: false });
  // The capture is a lazy chunk: events count once it has loaded and listens.
  await expect
    .poll(() => {
      el.dispatchEvent(new MouseEvent('pointerdown', { clientX: 5, clientY: 5, buttons: 1 }));
      return got.some((e) => e.kind === 'pointerdown');
    })
    .toBe(true);
  el.dispatchEvent(new KeyboardEvent('keydown', { keyCode: 65 }));
  await new Promise((r) => setTimeout(r, 40));
  expect(got.some((e) => e.kind === 'keydown')).toBe(false);

  receiver.setInputs(false);
  const n = got.length;
  el.dispatchEvent(new MouseEvent('pointerdown', { clientX: 6, clientY: 6, buttons: 1 }));
  await new Promise((r) => setTimeout(r, 40));
  expect(got.length).toBe(n);
  expect(opens()).toBe(1);
  expect(rt.state).toBe('open');
});

test('setHaptics gates navigator.vibrate live', async () => {
  const vibrate = vi.fn(() => true);
  Object.defineProperty(navigator, 'vibrate', { value: vibrate, configurable: true });
  const { src, rt, receiver } = setup({ haptics: false });
  await expect.poll(() => src.state === 'open' && rt.state === 'open').toBe(true);
  src.send(encodeHaptic({ durationMs: 30, intensity: 1 }, { seq: 1, timestamp: 0 }));
  await new Promise((r) => setTimeout(r, 40));
  expect(vibrate).not.toHaveBeenCalled();
  receiver.setHaptics(true);
  src.send(encodeHaptic({ durationMs: 30, intensity: 1 }, { seq: 2, timestamp: 0 }));
  await expect.poll(() => vibrate.mock.calls.length).toBe(1);
});

test('Opus audio where WebCodecs is missing is a typed UNSUPPORTED error, and setAudio(false) ignores audio', async () => {
  const { src, rt, receiver } = setup({ audio: true });
  await expect.poll(() => src.state === 'open' && rt.state === 'open').toBe(true);
  const packet = new Uint8Array([0xfc, 0xff, 0xfe]);
  src.send(encodeAudioCompressed(packet, 48000, 1, { seq: 1, timestamp: 0 }));
  await expect.poll(() => receiver.store.getState().error).not.toBeNull();
  expect(isMediaError(receiver.store.getState().error, 'UNSUPPORTED')).toBe(true);
  receiver.setAudio(false);
  src.send(encodePixels(new Uint8Array(4 * 4 * 4), 4, 4, { seq: 2, timestamp: 0 }));
  await expect.poll(() => receiver.store.getState().width).toBe(4);
  const before = receiver.store.getState().error;
  src.send(encodeAudioCompressed(packet, 48000, 1, { seq: 3, timestamp: 0 }));
  src.send(encodePixels(new Uint8Array(8 * 4 * 4), 8, 4, { seq: 4, timestamp: 0 }));
  await expect.poll(() => receiver.store.getState().width).toBe(8);
  expect(receiver.store.getState().error).toBe(before);
});

test('onHaptic fires for every Haptic frame, without navigator.vibrate and with haptics off', async () => {
  Object.defineProperty(navigator, 'vibrate', { value: undefined, configurable: true });
  const seen: { durationMs: number; intensity: number; pattern?: number[] }[] = [];
  const [src, rt] = createTransportPair();
  const receiver = createReceiverEngine({
    url: 'ws://x',
    channel: 'c',
    transport: rt,
    pingIntervalMs: 0,
    acks: false,
    haptics: false,
    onHaptic: (cmd) => seen.push(cmd),
  });
  disposers.push(() => receiver.dispose());
  src.connect();
  receiver.connect();
  await expect.poll(() => src.state === 'open' && rt.state === 'open').toBe(true);
  src.send(encodeHaptic({ durationMs: 30, intensity: 1 }, { seq: 1, timestamp: 0 }));
  src.send(encodeHaptic({ durationMs: 80, intensity: 0.5, pattern: [20, 10, 20] }, { seq: 2, timestamp: 0 }));
  src.send(encodeHaptic({ durationMs: 10, intensity: 0 }, { seq: 3, timestamp: 0 }));
  await expect.poll(() => seen.length).toBe(3);
  expect(seen[0]).toMatchObject({ durationMs: 30, intensity: 1 });
  expect(seen[1]?.pattern).toEqual([20, 10, 20]);
  expect(seen[1]?.intensity).toBeCloseTo(0.5, 2);
  expect(seen[2]?.intensity).toBe(0);
  expect(receiver.store.getState().error).toBeNull();
});
