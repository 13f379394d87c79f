// A compressed decode still in flight when the stream switches to raw pixels (#6): the stale
// picture must not be shown, nor reset the raster renderer that took over.
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterEach, expect, test, vi } from 'vitest';
import { encodeCompressed } from '../../src/codec/compressed';
import { encodePixels } from '../../src/codec/pixels';
import { decodeMessage, FrameType } from '../../src/protocol/index';
import type { RenderSurface } from '../../src/receiver/types';
import { intakeFixture } from './intake-fixture';

afterEach(() => {
  vi.unstubAllGlobals();
});

test('a compressed decode that resolves after a switch to pixels is dropped, the pixels stay', async () => {
  // Node has no createImageBitmap: decode with @napi-rs/canvas (a real image decoder), held on a gate
  // so the switch happens while the decode is in flight.
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const closed: unknown[] = [];
  vi.stubGlobal('createImageBitmap', async (blob: Blob) => {
    const img = await loadImage(Buffer.from(await blob.arrayBuffer()));
    await gate;
    return Object.assign(img, { close: () => closed.push(img) });
  });
  const { intake, store, asked, errors } = intakeFixture();
  const png = createCanvas(8, 8).encodeSync('png');
  intake.receive(decodeMessage(encodeCompressed(new Uint8Array(png), 8, 8, { seq: 1, timestamp: 0 })));
  const rgba = new Uint8Array(8 * 8 * 4).fill(200);
  intake.receive(decodeMessage(encodePixels(rgba, 8, 8, { seq: 2, timestamp: 1 })));
  expect(store.getState().mode).toBe('pixel');
  const raster = intake.current;
  release();
  await vi.waitFor(() => expect(closed.length).toBe(1));
  await new Promise((r) => setTimeout(r, 10));
  expect(intake.current).toBe(raster);
  expect(store.getState().mode).toBe('pixel');
  const drawn: string[] = [];
  const surface: RenderSurface = {
    putPixels: () => drawn.push('pixels'),
    drawImage: () => drawn.push('image'),
  } as unknown as RenderSurface;
  intake.current?.draw(surface);
  expect(drawn).toEqual(['pixels']);
  expect(asked).toEqual([]);
  expect(errors).toEqual([]);
});

test('a lazy renderer whose import fails is reported once and retried only after a backoff (#10)', async () => {
  let clock = 0;
  let loads = 0;
  const { intake, meter, errors } = intakeFixture(
    {
      [FrameType.Pixels]: async () => {
        loads++;
        // A real failing dynamic import, as a model decoder that is not deployed would fail.
        const path = './no-such-renderer-module';
        return (await import(/* @vite-ignore */ path)).default;
      },
    },
    { retryMs: 1000, now: () => clock },
  );
  const frame = (seq: number) =>
    decodeMessage(encodePixels(new Uint8Array(16), 2, 2, { seq, timestamp: seq }));
  for (let i = 0; i < 5; i++) intake.receive(frame(i));
  await vi.waitFor(() => expect(errors.length).toBe(1));
  for (let i = 5; i < 50; i++) {
    clock += 10;
    intake.receive(frame(i));
    await new Promise((r) => setTimeout(r, 0));
  }
  expect(loads).toBe(1);
  expect(errors.length).toBe(1);
  expect(meter.framesDropped).toBe(50);
  clock += 1000;
  intake.receive(frame(50));
  await vi.waitFor(() => expect(errors.length).toBe(2));
  expect(loads).toBe(2);
});
