import { createCanvas } from '@napi-rs/canvas';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { encodeDelta } from '../../src/codec/delta';
import { encodeNeuralLatent } from '../../src/codec/neural';
import { encodePixels } from '../../src/codec/pixels';
import { encodeSignalDiff, encodeSignalSync } from '../../src/codec/signal';
import {
  decodeInput,
  decodeMessage,
  encodePing,
  encodePong,
  encodeStreamStatus,
  Flag,
  FrameType,
  type InputEvent,
  InputType,
} from '../../src/protocol/index';
import { createReceiverEngine } from '../../src/receiver/receiver-engine';
import { createCanvasSurface } from '../../src/receiver/surface';
import type { FrameRenderer, ReceiverEngineOptions, RenderSurface } from '../../src/receiver/types';
import { createTransportPair, type MemoryTransport } from '../helpers/transport-pair';

// The machine is shared and slow at times: give polled conditions time, never a timing assertion.
vi.setConfig({ expect: { poll: { timeout: 5000 } } });

const W = 6;
const H = 4;
const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

const solid = (v: number) => new Uint8Array(W * H * 4).fill(v);

/** A surface that records every draw. */
function recordingSurface() {
  const draws: Uint8Array[] = [];
  const surface: RenderSurface = {
    width: 0,
    height: 0,
    resize() {},
    putPixels(rgba) {
      draws.push(new Uint8Array(rgba));
    },
    context2d: () => null,
  };
  return { surface, draws };
}

async function setup(opts: Partial<ReceiverEngineOptions> = {}) {
  const [src, rt] = createTransportPair();
  const receiver = createReceiverEngine({
    url: 'ws://x',
    channel: 'c',
    transport: rt,
    pingIntervalMs: 0,
    ...opts,
  });
  const rec = recordingSurface();
  receiver.attach(null, rec.surface);
  disposers.push(() => receiver.dispose());
  src.connect();
  receiver.connect();
  await expect.poll(() => src.state === 'open' && rt.state === 'open').toBe(true);
  return { src, rt, receiver, ...rec };
}

const inputs = (t: MemoryTransport): InputEvent[] =>
  t.sent
    .map((b) => decodeMessage(b))
    .filter((m) => m.header.type !== InputType.Ping)
    .map((m) => decodeInput(m));
const sentTypes = (t: MemoryTransport) => t.sent.map((b) => decodeMessage(b).header.type);
const tick = (ms = 40) => new Promise((r) => setTimeout(r, ms));

describe('ReceiverEngine', () => {
  test('a delta with no base is not drawn and triggers a KeyframeRequest', async () => {
    const { src, rt, receiver, draws } = await setup();
    src.send(encodeDelta(solid(1), solid(0), W, H, { seq: 1, timestamp: 0 }));
    await expect.poll(() => sentTypes(rt)).toContain(InputType.KeyframeRequest);
    await tick();
    expect(draws.length).toBe(0);
    // A keyframe then a delta: both applied, the picture is exact.
    src.send(encodePixels(solid(10), W, H, { seq: 2, timestamp: 0 }));
    src.send(encodeDelta(solid(99), solid(10), W, H, { seq: 3, timestamp: 0 }));
    await expect.poll(() => draws.at(-1)?.[0]).toBe(99);
    expect(draws.at(-1)).toEqual(solid(99));
    expect(receiver.store.getState()).toMatchObject({
      mode: 'delta',
      width: W,
      height: H,
      sourceOnline: true,
    });
  });

  test('after an undecodable delta the chain is broken: error, KeyframeRequest, next deltas not drawn', async () => {
    const { src, rt, receiver, draws } = await setup();
    src.send(encodePixels(solid(5), W, H, { seq: 1, timestamp: 0 }));
    await expect.poll(() => draws.length).toBe(1);
    const bad = encodeDelta(solid(6), solid(5), W, H, { seq: 2, timestamp: 0 });
    bad[16] = 77; // unknown delta format
    src.send(bad);
    await expect.poll(() => receiver.store.getState().error?.message ?? '').toMatch(/BAD_PAYLOAD/);
    expect(sentTypes(rt)).toContain(InputType.KeyframeRequest);
    src.send(encodeDelta(solid(7), solid(6), W, H, { seq: 3, timestamp: 0 }));
    await tick(60);
    expect(draws.length).toBe(1);
    src.send(encodePixels(solid(8), W, H, { seq: 4, timestamp: 0 }));
    await expect.poll(() => draws.at(-1)?.[0]).toBe(8);
  });

  test('draws the first picture to arrive after a display frame at once, not a frame later', async () => {
    const { src, rt, draws } = await setup();
    // The first picture loads the raster renderer (a lazy chunk) and is drawn once it is there.
    src.send(encodePixels(solid(2), W, H, { seq: 1, timestamp: 0 }));
    await expect.poll(() => draws.length).toBe(1);
    await tick(40); // display frames pass with nothing new to draw
    // Subscribed after the engine, so this runs right after the engine's handler, in the same call.
    const drawsWhenHandled: number[] = [];
    rt.on('message', () => drawsWhenHandled.push(draws.length));
    src.send(encodePixels(solid(3), W, H, { seq: 2, timestamp: 0 }));
    await expect.poll(() => drawsWhenHandled.length).toBe(1);
    expect(drawsWhenHandled[0]).toBe(2);
    expect(draws[1]).toEqual(solid(3));
  });

  test('latest frame wins: a burst is coalesced, superseded frames count as dropped', async () => {
    const { src, receiver, draws } = await setup();
    for (let i = 1; i <= 8; i++) src.send(encodePixels(solid(i), W, H, { seq: i, timestamp: 0 }));
    await expect.poll(() => draws.at(-1)?.[0]).toBe(8);
    expect(draws.length).toBeLessThan(8);
    await expect
      .poll(() => receiver.store.getState().stats.framesDropped, { timeout: 2000 })
      .toBeGreaterThan(0);
    await expect.poll(() => receiver.store.getState().stats.framesReceived).toBe(8);
    expect(receiver.store.getState().stats.lastSeq).toBe(8);
  });

  test('ACKs every decoded frame with its seq and timestamp', async () => {
    const { src, rt } = await setup();
    src.send(encodePixels(solid(1), W, H, { seq: 41, timestamp: 1234 }));
    src.send(encodeDelta(solid(2), solid(1), W, H, { seq: 42, timestamp: 1267 }));
    await expect.poll(() => inputs(rt).filter((e) => e.kind === 'ack').length).toBe(2);
    const acks = inputs(rt).filter((e) => e.kind === 'ack');
    expect(acks.map((a) => [a.ackSeq, a.echoTimestamp])).toEqual([
      [41, 1234],
      [42, 1267],
    ]);
  });

  test('paints real pixels into a canvas, resizing it to the frame', async () => {
    const [src, rt] = createTransportPair();
    const receiver = createReceiverEngine({ url: 'ws://x', channel: 'c', transport: rt, pingIntervalMs: 0 });
    disposers.push(() => receiver.dispose());
    const canvas = createCanvas(1, 1);
    receiver.attach(null, createCanvasSurface(canvas));
    src.connect();
    receiver.connect();
    await expect.poll(() => src.state).toBe('open');
    const rgba = new Uint8Array(W * H * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = i % 4 === 3 ? 255 : (i * 31) & 0xff;
    src.send(encodePixels(rgba, W, H, { seq: 1, timestamp: 0 }));
    await expect.poll(() => canvas.width).toBe(W);
    await expect
      .poll(() =>
        Buffer.from(canvas.getContext('2d').getImageData(0, 0, W, H).data).equals(Buffer.from(rgba)),
      )
      .toBe(true);
  });

  test('signal: sync then diffs merge into the store; a diff before any sync asks for one', async () => {
    const { src, rt, receiver } = await setup();
    src.send(encodeSignalDiff({ a: 1 }, { seq: 1, timestamp: 0 }));
    await expect.poll(() => sentTypes(rt)).toContain(InputType.KeyframeRequest);
    expect(receiver.store.getState().signal).toBeNull();
    src.send(encodeSignalSync({ a: 1, b: { c: 2 } }, { seq: 2, timestamp: 0 }));
    src.send(encodeSignalDiff({ b: { c: 3 } }, { seq: 3, timestamp: 0 }));
    await expect.poll(() => receiver.store.getState().signal).toEqual({ a: 1, b: { c: 3 } });
  });

  test('a lazily loaded renderer (e.g. a neural decoder) plugs in by frame type', async () => {
    const seen: number[] = [];
    let resolveLoad: () => void = () => {};
    const loaded = new Promise<void>((r) => {
      resolveLoad = r;
    });
    const { src, rt, draws } = await setup({
      renderers: {
        [FrameType.NeuralLatent]: async (): Promise<FrameRenderer> => {
          await loaded;
          return {
            receive: (m) => {
              seen.push(m.header.seq);
              return true;
            },
            draw: (s) => s?.putPixels(new Uint8ClampedArray(4).fill(42), 1, 1),
            reset() {},
          };
        },
      },
    });
    const latent = (seq: number) =>
      encodeNeuralLatent(
        {
          modelId: 'test-vae',
          modelVersion: 1,
          quantisation: 'uint8',
          width: 8,
          height: 8,
          latent: new Uint8Array(4),
        },
        { seq, timestamp: 0 },
      );
    src.send(latent(1));
    await tick();
    src.send(latent(2));
    await tick();
    expect(seen).toEqual([]);
    resolveLoad();
    // The frames that arrived while it loaded were held, and are handed over in order: no keyframe
    // round trip, nothing lost.
    await expect.poll(() => seen).toEqual([1, 2]);
    await expect.poll(() => draws.at(-1)?.[0]).toBe(42);
    expect(sentTypes(rt)).not.toContain(InputType.KeyframeRequest);
  });

  test('StreamStatus and End drive sourceOnline; Pong gives an RTT', async () => {
    const { src, receiver, rt } = await setup({ pingIntervalMs: 20 });
    src.send(encodeStreamStatus('online', { seq: 0, timestamp: 0 }, 1));
    await expect.poll(() => receiver.store.getState().sourceOnline).toBe(true);
    src.send(encodeStreamStatus('offline', { seq: 1, timestamp: 0 }, 1));
    await expect.poll(() => receiver.store.getState().sourceOnline).toBe(false);
    // Answer the receiver's own Ping as the relay would.
    await expect.poll(() => sentTypes(rt)).toContain(InputType.Ping);
    const ping = decodeMessage(rt.sent.find((b) => decodeMessage(b).header.type === InputType.Ping)!);
    expect(ping.header.flags & Flag.Input).toBe(Flag.Input);
    src.send(encodePong(ping));
    await expect.poll(() => receiver.store.getState().stats.rttMs, { timeout: 2000 }).not.toBeNull();
    expect(encodePing).toBeTypeOf('function');
  });

  test('reconnect: shows reconnecting then open, drops its stale base and asks for a keyframe', async () => {
    const { src, rt, receiver, draws } = await setup();
    src.send(encodePixels(solid(3), W, H, { seq: 1, timestamp: 0 }));
    await expect.poll(() => draws.length).toBe(1);
    const states: string[] = [];
    receiver.store.subscribe((s, p) => s.connection !== p.connection && states.push(s.connection));
    const before = sentTypes(rt).filter((t) => t === InputType.KeyframeRequest).length;
    rt.drop(10);
    await expect.poll(() => states).toEqual(['reconnecting', 'connecting', 'open']);
    await expect
      .poll(() => sentTypes(rt).filter((t) => t === InputType.KeyframeRequest).length)
      .toBe(before + 1);
    src.send(encodeDelta(solid(4), solid(3), W, H, { seq: 2, timestamp: 0 }));
    await tick(60);
    expect(draws.length).toBe(1);
  });

  test('bad bytes set a typed error but keep the connection', async () => {
    const { src, receiver } = await setup();
    src.send(new Uint8Array([1, 2, 3]));
    await expect.poll(() => receiver.store.getState().error?.name).toBe('ProtocolError');
    expect(receiver.store.getState().connection).toBe('open');
  });

  test('dispose is idempotent, closes the transport and stops drawing', async () => {
    const { src, rt, receiver, draws } = await setup();
    receiver.dispose();
    receiver.dispose();
    expect(rt.state).toBe('closed');
    expect(receiver.store.getState().connection).toBe('closed');
    src.send(encodePixels(solid(1), W, H, { seq: 1, timestamp: 0 }));
    await tick(60);
    expect(draws.length).toBe(0);
  });
});
