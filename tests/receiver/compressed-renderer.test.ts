// The compressed renderer where the platform has no image decoder (Node): typed errors, resync asked.
import {
  createCompressedRenderer,
  encodeCompressed,
  isMediaError,
  ProtocolError,
} from '@ds-stream/react/core';
import { createCanvas } from '@napi-rs/canvas';
import { expect, test } from 'vitest';
import { decodeMessage, encodeMessage, FrameType } from '../../src/protocol/index';

function renderer() {
  const asked: string[] = [];
  const r = createCompressedRenderer({
    requestKeyframe: (reason) => asked.push(reason),
    invalidate: () => {},
    setSignal: () => {},
    renderSignal: undefined,
  });
  return { r, asked };
}

test('without createImageBitmap a WebP frame is a MediaError UNSUPPORTED and a keyframe request', async () => {
  const webp = createCanvas(8, 8).encodeSync('webp', 80);
  const { r, asked } = renderer();
  const m = decodeMessage(encodeCompressed(new Uint8Array(webp), 8, 8, { seq: 1, timestamp: 0 }));
  const err = await Promise.resolve(r.receive(m)).catch((e: unknown) => e);
  expect(isMediaError(err, 'UNSUPPORTED')).toBe(true);
  expect(asked).toEqual(['undecodable compressed frame']);
});

test('a payload that is no image is a ProtocolError BAD_PAYLOAD before any decode', async () => {
  const { r, asked } = renderer();
  const m = decodeMessage(
    encodeMessage(
      { type: FrameType.CompressedPixels, flags: 6, seq: 1, timestamp: 0, width: 8, height: 8 },
      new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    ),
  );
  const err = await Promise.resolve(r.receive(m)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ProtocolError);
  expect((err as ProtocolError).code).toBe('BAD_PAYLOAD');
  expect(asked.length).toBe(1);
});
