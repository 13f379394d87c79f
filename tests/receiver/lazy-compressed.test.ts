// BUILTIN_RENDERERS loads the compressed-picture renderer on the first CompressedPixels frame: that
// frame is dropped, a keyframe is asked for once the renderer is there, and the next frame draws.
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterEach, expect, test, vi } from 'vitest';
import { encodeCompressed } from '../../src/codec/compressed';
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

test('the first compressed frame loads the renderer, asks for a keyframe, and the next one is drawn', async () => {
  vi.stubGlobal('createImageBitmap', async (blob: Blob) =>
    Object.assign(await loadImage(Buffer.from(await blob.arrayBuffer())), { close: () => {} }),
  );
  const f = intakeFixture(BUILTIN_RENDERERS);
  const frame = (seq: number) => decodeMessage(encodeCompressed(png(), 4, 4, { seq, timestamp: seq }));

  f.intake.receive(frame(1));
  expect(f.meter.framesDropped).toBe(1);
  expect(f.acks).toEqual([]);
  await vi.waitFor(() => expect(f.asked).toEqual(['renderer loaded']));

  f.intake.receive(frame(2));
  await vi.waitFor(() => expect(f.acks).toEqual([2]));
  expect(f.store.getState().mode).toBe('compressed');
  expect(f.errors).toEqual([]);
});
