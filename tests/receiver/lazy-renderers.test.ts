// BUILTIN_RENDERERS loads each decoder on the first frame of its kind: the frames that arrive
// while it loads are held and handed over in order once it is there (no keyframe round trip), and a
// reset meanwhile drops them and asks for a keyframe instead.
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterEach, expect, test, vi } from 'vitest';
import { encodeCompressed } from '../../src/codec/compressed';
import { encodeDelta } from '../../src/codec/delta';
import { encodePixels } from '../../src/codec/pixels';
import { encodeSignalSync } from '../../src/codec/signal';
import { decodeMessage } from '../../src/protocol/index';
import { BUILTIN_RENDERERS } from '../../src/receiver/renderers';
import { intakeFixture } from './intake-fixture';

afterEach(() => {
  vi.unstubAllGlobals();
});

function png(): Uint8Array {
  const c = createCanvas(4, 4);
  c.getContext('2d').fillRect(0, 0, 4, 4);
  return new Uint8Array(c.encodeSync('png'));
}

test('the first compressed frame loads the renderer; it and the frames after it are drawn in order', async () => {
  vi.stubGlobal('createImageBitmap', async (blob: Blob) =>
    Object.assign(await loadImage(Buffer.from(await blob.arrayBuffer())), { close: () => {} }),
  );
  const f = intakeFixture(BUILTIN_RENDERERS);
  const frame = (seq: number) => decodeMessage(encodeCompressed(png(), 4, 4, { seq, timestamp: seq }));

  f.intake.receive(frame(1));
  f.intake.receive(frame(2));
  expect(f.acks).toEqual([]);
  await vi.waitFor(() => expect(f.acks).toEqual([1, 2]));
  expect(f.meter.framesDropped).toBe(0);
  expect(f.asked).toEqual([]);
  expect(f.store.getState().mode).toBe('compressed');
  expect(f.errors).toEqual([]);
});

test('raw pixels and a delta held while the raster renderer loads chain as if it had been there', async () => {
  const f = intakeFixture(BUILTIN_RENDERERS);
  const a = new Uint8Array(4 * 4 * 4).fill(10);
  const b = new Uint8Array(4 * 4 * 4).fill(20);
  f.intake.receive(decodeMessage(encodePixels(a, 4, 4, { seq: 1, timestamp: 0 })));
  f.intake.receive(decodeMessage(encodeDelta(b, a, 4, 4, { seq: 2, timestamp: 0 })));
  await vi.waitFor(() => expect(f.acks).toEqual([1, 2]));
  expect(f.asked).toEqual([]);
  expect(f.store.getState().mode).toBe('delta');
});

test('a reset while a renderer loads drops the held frames: a keyframe is asked for once it is there', async () => {
  const f = intakeFixture(BUILTIN_RENDERERS);
  const a = new Uint8Array(4 * 4 * 4).fill(10);
  f.intake.receive(decodeMessage(encodePixels(a, 4, 4, { seq: 1, timestamp: 0 })));
  f.intake.reset();
  expect(f.meter.framesDropped).toBe(1);
  await vi.waitFor(() => expect(f.asked).toEqual(['renderer loaded']));
  expect(f.acks).toEqual([]);
  f.intake.receive(decodeMessage(encodePixels(a, 4, 4, { seq: 2, timestamp: 0 })));
  expect(f.acks).toEqual([2]);
});

test('a frame that needs another lazy renderer while held frames are handed over keeps its place', async () => {
  const f = intakeFixture(BUILTIN_RENDERERS);
  const a = new Uint8Array(4 * 4 * 4).fill(10);
  // Raster loads; meanwhile a signal frame and more pixels arrive. Handing them over, the signal
  // frame starts the signal renderer's load: the pixels after it must wait behind it.
  f.intake.receive(decodeMessage(encodePixels(a, 4, 4, { seq: 1, timestamp: 0 })));
  f.intake.receive(decodeMessage(encodeSignalSync({ n: 1 }, { seq: 2, timestamp: 0 })));
  f.intake.receive(decodeMessage(encodePixels(a, 4, 4, { seq: 3, timestamp: 0 })));
  await vi.waitFor(() => expect(f.acks).toEqual([1, 2, 3]));
  expect(f.meter.framesDropped).toBe(0);
  expect(f.errors).toEqual([]);
});
