import type { SourceEngine } from '@ds-stream/react/core';
import {
  type CanvasLike,
  createCanvasCapture,
  createCanvasSurface,
  createReceiverEngine,
  createSourceEngine,
} from '@ds-stream/react/core';
import { createCanvas } from '@napi-rs/canvas';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { decodeHaptic } from '../../src/codec/haptic';
import { decodeMessage, encodeInput, Flag, FrameType, type InputEvent } from '../../src/protocol/index';
import { movingScene, canvasPixels as pixels } from '../helpers/scene';
import { createTransportPair, type MemoryTransport } from '../helpers/transport-pair';

// The machine is shared and slow at times: give polled conditions time, never a timing assertion.
vi.setConfig({ expect: { poll: { timeout: 5000 } } });

const W = 60;
const H = 40;
const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

/** A scene that changes a little each step, like an animation. */
const scene = () =>
  movingScene(W, H, '#204060', (ctx, t) => {
    ctx.fillStyle = `rgb(${(t * 40) % 256}, ${(t * 90) % 256}, 30)`;
    ctx.fillRect((t * 7) % W, (t * 3) % H, 9, 6);
  });

const types = (t: MemoryTransport) => t.sent.map((m) => decodeMessage(m).header.type);

function setup(opts: Partial<Parameters<typeof createSourceEngine>[0]> = {}) {
  const [st, rt] = createTransportPair();
  const s = scene();
  const source = createSourceEngine({
    url: 'ws://unused',
    channel: 'c',
    transport: st,
    canvas: createCanvasCapture(s.canvas as unknown as CanvasLike),
    fps: 60,
    pingIntervalMs: 0,
    ...opts,
  });
  const out = createCanvas(1, 1);
  const receiver = createReceiverEngine({
    url: 'ws://unused',
    channel: 'c',
    transport: rt,
    pingIntervalMs: 0,
  });
  receiver.attach(null, createCanvasSurface(out));
  disposers.push(
    () => source.dispose(),
    () => receiver.dispose(),
  );
  return { st, rt, s, source, receiver, out };
}

async function settle(source: SourceEngine, ms = 120): Promise<void> {
  // Let frames flow, then stop changing the scene so the last frame can arrive and be drawn.
  await new Promise((r) => setTimeout(r, ms));
  void source;
}

describe('SourceEngine → ReceiverEngine over the in-memory pair (real codecs)', () => {
  test('pixel mode: the receiver canvas equals the source canvas', async () => {
    const { s, source, receiver, out, st } = setup({ mode: 'pixel' });
    s.step();
    source.connect();
    receiver.connect();
    await expect.poll(() => receiver.store.getState().width, { timeout: 3000 }).toBe(W);
    await settle(source);
    expect(out.width).toBe(W);
    expect(out.height).toBe(H);
    expect(pixels(out).equals(pixels(s.canvas))).toBe(true);
    expect(new Set(types(st).filter((t) => t !== FrameType.End))).toEqual(new Set([FrameType.Pixels]));
    expect(receiver.store.getState().mode).toBe('pixel');
  });

  test('delta mode: keyframe first, deltas after, picture exact while the scene animates', async () => {
    const { s, source, receiver, out, st } = setup({ mode: 'delta', keyframeInterval: 1000 });
    source.connect();
    receiver.connect();
    for (let i = 0; i < 10; i++) {
      s.step();
      await new Promise((r) => setTimeout(r, 25));
    }
    await settle(source, 150);
    const ts = types(st);
    expect(ts[0]).toBe(FrameType.Pixels);
    expect(ts.filter((t) => t === FrameType.DeltaPixels).length).toBeGreaterThan(3);
    expect(pixels(out).equals(pixels(s.canvas))).toBe(true);
    expect(receiver.store.getState().mode).toBe('delta');
  });

  test('backpressure: frames are skipped while the link is busy, and deltas stay exact afterwards', async () => {
    const { s, source, receiver, out, st } = setup({
      mode: 'delta',
      keyframeInterval: 1000,
      maxBufferedBytes: 1,
    });
    source.connect();
    receiver.connect();
    await expect.poll(() => receiver.store.getState().width, { timeout: 3000 }).toBe(W);
    st.stall();
    const before = st.sent.length;
    for (let i = 0; i < 8; i++) {
      s.step();
      await new Promise((r) => setTimeout(r, 20));
    }
    // At most one frame goes out once bufferedAmount is above the mark; the rest are skipped.
    expect(st.sent.length - before).toBeLessThanOrEqual(1);
    await expect
      .poll(() => source.store.getState().stats.framesDropped, { timeout: 2000 })
      .toBeGreaterThan(3);
    st.resume();
    s.step();
    await settle(source, 200);
    expect(pixels(out).equals(pixels(s.canvas))).toBe(true);
  });

  test('a transport that drops a delta does not move the reference (delta base = last SENT frame)', async () => {
    const { s, source, receiver, out, st } = setup({
      mode: 'delta',
      keyframeInterval: 1000,
      maxBufferedBytes: 1e9,
    });
    st.highWaterMark = 1; // the transport itself refuses droppable sends while anything is in flight
    source.connect();
    receiver.connect();
    await expect.poll(() => receiver.store.getState().width, { timeout: 3000 }).toBe(W);
    st.stall();
    for (let i = 0; i < 6; i++) {
      s.step();
      await new Promise((r) => setTimeout(r, 20));
    }
    st.resume();
    st.highWaterMark = 1e9;
    s.step();
    await settle(source, 200);
    await expect.poll(() => receiver.store.getState().stats.framesReceived).toBeGreaterThan(1);
    expect(pixels(out).equals(pixels(s.canvas))).toBe(true);
    await expect.poll(() => source.store.getState().stats.framesDropped).toBeGreaterThan(0);
  });

  test('a KeyframeRequest is answered with a keyframe as the next picture frame', async () => {
    const { source, receiver, st, rt } = setup({ mode: 'delta', keyframeInterval: 1000 });
    source.connect();
    receiver.connect();
    await expect.poll(() => st.sent.length, { timeout: 3000 }).toBeGreaterThan(3);
    rt.send(encodeInput({ kind: 'keyframe-request' }));
    const mark = st.sent.length;
    await expect.poll(() => types(st).slice(mark).includes(FrameType.Pixels), { timeout: 2000 }).toBe(true);
    const after = types(st)
      .slice(mark)
      .filter((t) => t === FrameType.Pixels || t === FrameType.DeltaPixels);
    // The request lands within a frame or two.
    expect(after.indexOf(FrameType.Pixels)).toBeLessThanOrEqual(1);
  });

  test('an app input handler that throws sets store.error, is not rethrown, and the others still run (#11)', async () => {
    const { source, receiver } = setup({ mode: 'pixel' });
    const boom = new Error('app handler failed');
    source.on('pointerdown', () => {
      throw boom;
    });
    const seen: string[] = [];
    source.on('*', (e) => seen.push(e.kind));
    source.connect();
    receiver.connect();
    await expect.poll(() => receiver.store.getState().stats.framesReceived).toBeGreaterThan(0);
    receiver.sendInput({ kind: 'pointerdown', x: 1, y: 2, buttons: 1 });
    await expect.poll(() => source.store.getState().error).toBe(boom);
    expect(seen).toContain('pointerdown');
    // The engine goes on: later input still arrives.
    receiver.sendInput({ kind: 'keydown', keyCode: 65, modifiers: 0 });
    await expect.poll(() => seen).toContain('keydown');
  });

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 241])(
    'fps %d is a TypeError in createSourceEngine and setFps (#12)',
    (fps) => {
      expect(() => setup({ fps })).toThrowError(TypeError);
      const { source } = setup({ fps: 30 });
      expect(() => source.setFps(fps)).toThrowError(TypeError);
      source.setFps(240);
    },
  );

  test('an injected transport is owned by the engine: dispose closes it, a second engine gets DISPOSED (#13)', () => {
    const { st, source } = setup();
    source.connect();
    source.dispose();
    expect(st.state).toBe('closed');
    const again = createSourceEngine({ url: 'ws://unused', channel: 'c', transport: st, pingIntervalMs: 0 });
    disposers.push(() => again.dispose());
    again.connect();
    expect(again.store.getState()).toMatchObject({ connection: 'error', error: { code: 'DISPOSED' } });
  });

  test('input is dispatched by kind and to "*", and ACKs reach onAck', async () => {
    const acks: number[] = [];
    const { source, receiver } = setup({ mode: 'pixel', onAck: (a) => acks.push(a.ackSeq) });
    const pointers: InputEvent[] = [];
    const all: string[] = [];
    const keys: number[] = [];
    source.on('pointer', (e) => pointers.push(e));
    source.on('keydown', (e) => keys.push(e.keyCode));
    const off = source.on('*', (e) => all.push(e.kind));
    source.connect();
    receiver.connect();
    await expect.poll(() => acks.length, { timeout: 3000 }).toBeGreaterThan(0);
    receiver.sendInput({ kind: 'pointer', x: 12, y: 34, buttons: 1 });
    receiver.sendInput({ kind: 'keydown', keyCode: 65, modifiers: 1 });
    await expect.poll(() => keys).toEqual([65]);
    expect(pointers).toEqual([{ kind: 'pointer', x: 12, y: 34, buttons: 1 }]);
    expect(all).toContain('pointer');
    expect(all).toContain('ack');
    off();
    const n = all.length;
    receiver.sendInput({ kind: 'keyup', keyCode: 65, modifiers: 0 });
    await new Promise((r) => setTimeout(r, 30));
    expect(all.length).toBe(n);
  });

  test('signal mode: the receiver gets the merged state and the app renderer draws it', async () => {
    const [st, rt] = createTransportPair();
    let state = { x: 1, label: 'a' };
    const source = createSourceEngine({
      url: 'ws://unused',
      channel: 'c',
      transport: st,
      mode: 'signal',
      fps: 60,
      pingIntervalMs: 0,
      signalState: () => state,
    });
    const drawn: unknown[] = [];
    const receiver = createReceiverEngine({
      url: 'ws://unused',
      channel: 'c',
      transport: rt,
      pingIntervalMs: 0,
      renderSignal: (_ctx, s) => drawn.push(s),
    });
    receiver.attach(null, createCanvasSurface(createCanvas(10, 10)));
    disposers.push(
      () => source.dispose(),
      () => receiver.dispose(),
    );
    source.connect();
    receiver.connect();
    await expect
      .poll(() => receiver.store.getState().signal, { timeout: 3000 })
      .toEqual({ x: 1, label: 'a' });
    state = { x: 2, label: 'a' };
    await expect.poll(() => receiver.store.getState().signal).toEqual({ x: 2, label: 'a' });
    expect(types(st)).toContain(FrameType.SignalDiff);
    expect(drawn.length).toBeGreaterThan(0);
    expect(receiver.store.getState().mode).toBe('signal');
  });

  test('haptic commands go out as Haptic frames', async () => {
    const { source, st } = setup({ mode: 'pixel' });
    source.connect();
    await expect.poll(() => st.state).toBe('open');
    source.haptic({ durationMs: 120, intensity: 0.5, pattern: [50, 20, 50] });
    const m = st.sent.map((b) => decodeMessage(b)).find((x) => x.header.type === FrameType.Haptic);
    expect(m && decodeHaptic(m)).toMatchObject({ durationMs: 120, pattern: [50, 20, 50] });
  });

  test('stats reach the store at a throttled rate; dispose is idempotent and stops everything', async () => {
    const { s, source, receiver, st, rt } = setup({ mode: 'delta' });
    let updates = 0;
    source.store.subscribe(() => updates++);
    source.connect();
    receiver.connect();
    for (let i = 0; i < 20; i++) {
      s.step();
      await new Promise((r) => setTimeout(r, 25));
    }
    await expect.poll(() => source.store.getState().stats.framesSent).toBeGreaterThan(5);
    const st1 = source.store.getState().stats;
    expect(st1.bytesOutPerSec).toBeGreaterThan(0);
    expect(st1.lastSeq).toBeGreaterThanOrEqual(0);
    await expect.poll(() => receiver.store.getState().stats.framesReceived).toBeGreaterThan(5);
    // Store updates are throttled: far fewer than the frames actually sent.
    expect(updates).toBeLessThan(st.sent.length);
    source.dispose();
    source.dispose();
    receiver.dispose();
    expect(source.store.getState().connection).toBe('closed');
    expect(st.state).toBe('closed');
    expect(rt.state).toBe('closed');
    expect(decodeMessage(st.sent.at(-1)!).header.type).toBe(FrameType.End);
    const n = st.sent.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(st.sent.length).toBe(n);
  });

  test('input messages sent by the source side are never FLAG_INPUT (role check)', async () => {
    const { source, st } = setup({ mode: 'pixel' });
    source.connect();
    await expect.poll(() => st.sent.length, { timeout: 3000 }).toBeGreaterThan(1);
    expect(st.sent.every((b) => (decodeMessage(b).header.flags & Flag.Input) === 0)).toBe(true);
  });
});
