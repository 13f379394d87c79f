// Issue 15, item 6: one compressed decode in flight per receiver, the newest waiting picture wins
// (at most one queued), and a decode that finishes after a newer picture was accepted is never
// painted. The decoder is the real @napi-rs/canvas one behind a gate per call, so the test decides
// when each decode finishes; it asserts order and in-flight counts, never timing.
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterEach, expect, test, vi } from 'vitest';
import { encodeCompressed } from '../../src/codec/compressed';
import { encodePixels } from '../../src/codec/pixels';
import { decodeMessage } from '../../src/protocol/index';
import type { RenderSurface } from '../../src/receiver/types';
import { intakeFixture } from './intake-fixture';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A PNG of one grey level per label, so the decoder can tell which picture it was given. */
const pngs = new Map<string, number>();
function png(label: number): Uint8Array {
  const c = createCanvas(4, 4);
  const g = c.getContext('2d');
  g.fillStyle = `rgb(${label}, ${label}, ${label})`;
  g.fillRect(0, 0, 4, 4);
  const bytes = new Uint8Array(c.encodeSync('png'));
  pngs.set(Buffer.from(bytes).toString('base64'), label);
  return bytes;
}

interface Call {
  label: number;
  finish(): void;
  fail(): void;
}

/** createImageBitmap that decodes for real but finishes only when the test says so. */
function gatedDecoder() {
  const calls: Call[] = [];
  const closed: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  vi.stubGlobal('createImageBitmap', async (blob: Blob) => {
    const bytes = Buffer.from(await blob.arrayBuffer());
    const label = pngs.get(bytes.toString('base64')) ?? -1;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const img = await loadImage(bytes);
    const ok = await new Promise<boolean>((resolve) => {
      calls.push({ label, finish: () => resolve(true), fail: () => resolve(false) });
    });
    inFlight--;
    if (!ok) throw new Error('corrupt image');
    return Object.assign(img, { label, close: () => closed.push(label) });
  });
  return {
    calls,
    closed,
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    /** Resolves once `n` decodes have reached the gate. */
    started: (n: number) => vi.waitFor(() => expect(calls.length).toBe(n)),
  };
}

function setup() {
  const { intake, store, meter, asked, acks, errors, registry } = intakeFixture();
  const drawn: string[] = [];
  const surface = {
    putPixels: () => drawn.push('pixels'),
    drawImage: (img: { label?: number }) => drawn.push(`image ${img.label}`),
  } as unknown as RenderSurface;
  const draw = (): string | undefined => {
    drawn.length = 0;
    intake.current?.draw(surface);
    return drawn[0];
  };
  const compressed = (seq: number) =>
    intake.receive(decodeMessage(encodeCompressed(png(seq), 4, 4, { seq, timestamp: seq })));
  const pixels = (seq: number) =>
    intake.receive(
      decodeMessage(encodePixels(new Uint8Array(4 * 4 * 4).fill(seq), 4, 4, { seq, timestamp: seq })),
    );
  return { intake, store, meter, asked, acks, errors, draw, compressed, pixels, registry };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

test('a burst: one decode at a time, the newest waiting picture replaces older ones, drawn in order', async () => {
  const dec = gatedDecoder();
  const s = setup();
  s.compressed(10);
  await dec.started(1);
  for (const seq of [11, 12, 13, 14]) s.compressed(seq);
  await settle();
  expect(dec.calls.map((c) => c.label)).toEqual([10]);
  dec.calls[0]!.finish();
  await dec.started(2);
  expect(dec.calls.map((c) => c.label)).toEqual([10, 14]);
  expect(s.draw()).toBe('image 10');
  dec.calls[1]!.finish();
  await vi.waitFor(() => expect(s.acks).toEqual([10, 14]));
  expect(s.draw()).toBe('image 14');
  expect(dec.maxInFlight()).toBe(1);
  expect(s.meter.framesDropped).toBe(3);
  expect(s.errors).toEqual([]);
});

test('an older compressed decode finishing after newer raw pixels were accepted is never painted', async () => {
  const dec = gatedDecoder();
  const s = setup();
  s.pixels(1);
  expect(s.draw()).toBe('pixels');
  s.compressed(2);
  await dec.started(1);
  s.pixels(3);
  dec.calls[0]!.finish();
  await vi.waitFor(() => expect(s.meter.framesDropped).toBe(1));
  expect(s.draw()).toBe('pixels');
  expect(s.store.getState().mode).toBe('pixel');
  expect(s.acks).toEqual([1, 3]);
  // A newer compressed picture still takes over as usual.
  s.compressed(4);
  await dec.started(2);
  dec.calls[1]!.finish();
  await vi.waitFor(() => expect(s.acks).toEqual([1, 3, 4]));
  expect(s.draw()).toBe('image 4');
  expect(s.store.getState().mode).toBe('compressed');
});

test('a picture waiting behind a decode that fails is still decoded; the failure asks for a keyframe', async () => {
  const dec = gatedDecoder();
  const s = setup();
  s.compressed(20);
  await dec.started(1);
  s.compressed(21);
  dec.calls[0]!.fail();
  await dec.started(2);
  expect(dec.calls.map((c) => c.label)).toEqual([20, 21]);
  dec.calls[1]!.finish();
  await vi.waitFor(() => expect(s.acks).toEqual([21]));
  expect(s.draw()).toBe('image 21');
  expect(s.asked).toEqual(['undecodable compressed frame']);
  expect(s.errors).toHaveLength(1);
  expect(dec.maxInFlight()).toBe(1);
});

test('a reset (mode switch, reconnect) drops the waiting picture undecoded and the in-flight result', async () => {
  const dec = gatedDecoder();
  const s = setup();
  s.compressed(30);
  await dec.started(1);
  s.compressed(31);
  s.registry.resetAll();
  dec.calls[0]!.finish();
  await vi.waitFor(() => expect(dec.closed).toEqual([30]));
  await vi.waitFor(() => expect(s.meter.framesDropped).toBe(2));
  await settle();
  expect(dec.calls.map((c) => c.label)).toEqual([30]);
  expect(dec.inFlight()).toBe(0);
  expect(s.draw()).toBeUndefined();
  expect(s.acks).toEqual([]);
});

test('a waiting picture is copied out of the message, even when the transport hands a Node Buffer it reuses', async () => {
  const dec = gatedDecoder();
  const s = setup();
  s.compressed(40);
  await dec.started(1);
  // A custom transport may pass Buffers and reuse them once `receive` returns; Buffer#slice is a view.
  const reused = Buffer.from(encodeCompressed(png(41), 4, 4, { seq: 41, timestamp: 41 }));
  s.intake.receive(decodeMessage(reused));
  reused.fill(0);
  dec.calls[0]!.finish();
  await dec.started(2);
  expect(dec.calls.map((c) => c.label)).toEqual([40, 41]);
  dec.calls[1]!.finish();
  await vi.waitFor(() => expect(s.acks).toEqual([40, 41]));
  expect(s.draw()).toBe('image 41');
});
