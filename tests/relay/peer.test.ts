// Slow receivers: a receiver that stops reading loses non-key frames, alone, and is resynchronised.
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Flag, FrameType, InputType, mergeSignal, peekSeq, type SignalState } from '../../src/protocol/index';
import {
  closeAll,
  connect,
  delta,
  json,
  pixels,
  signal,
  sleep,
  startRelay,
  type TestClient,
} from './helpers';

afterEach(closeAll);

const DELTA = 64 * 1024;

/** Every delta a receiver got must follow the picture frame it got just before (seq - 1). */
function assertValidChain(frames: Uint8Array[]): void {
  let prev: number | null = null;
  for (const f of frames) {
    const seq = peekSeq(f);
    if (f[0] === FrameType.DeltaPixels) {
      expect(prev, `delta ${seq} arrived without its predecessor`).toBe((seq - 1) & 0xffff);
    }
    prev = seq;
  }
}

const keyframeRequests = (c: TestClient): number =>
  c.received.filter((m) => m[0] === InputType.KeyframeRequest && (m[1]! & Flag.Input) !== 0).length;
const pictures = (c: TestClient): Uint8Array[] =>
  c.received.filter((m) => m[0] === FrameType.Pixels || m[0] === FrameType.DeltaPixels);
/** The state a receiver holds after applying these signal messages in order. */
function foldSignals(messages: Uint8Array[]): SignalState {
  let state: SignalState = {};
  for (const m of messages) {
    const value = json(m) as SignalState;
    state = m[0] === FrameType.SignalSync ? value : mergeSignal(state, value);
  }
  return state;
}
const socketOf = (c: TestClient): Socket => (c.ws as unknown as { _socket: Socket })._socket;

/**
 * Streams deltas like a real source: a KeyframeRequest makes the next frame a keyframe. With
 * `pace`, it never runs more than 4 frames ahead of that (fast) receiver, so on a loaded machine
 * the fast receiver stays within its budget however slowly this process runs.
 */
async function stream(source: TestClient, from: number, to: number, pace?: TestClient): Promise<void> {
  let handled = keyframeRequests(source);
  const start = pace?.received.length ?? 0;
  for (let seq = from; seq < to; seq++) {
    const requested = keyframeRequests(source);
    source.send(requested > handled ? pixels(seq, 64, 64) : delta(seq, DELTA));
    handled = requested;
    if (pace && seq - from >= 4) await pace.waitForCount(start + seq - from - 3, 20_000);
    else if (seq % 32 === 0) await sleep(1); // let the relay's writes make progress
  }
}

describe('slow receivers', () => {
  it('drop to keyframes for the stalled receiver only; the fast one gets every frame', async () => {
    const budget = 512 * 1024;
    const relay = await startRelay({ maxBufferedBytes: budget, maxDeltaLogBytes: budget / 2 });
    const source = await connect(relay, 'slow', 'source');
    const fast = await connect(relay, 'slow', 'receiver');
    const slow = await connect(relay, 'slow', 'receiver');
    source.send(pixels(0, 64, 64));
    await Promise.all([fast.waitForCount(2), slow.waitForCount(2)]);
    socketOf(slow).pause(); // stop reading: TCP fills up, then the relay's bufferedAmount grows

    const total = 400; // 400 x 64 KiB = 25 MiB, far past the kernel buffers and the budget
    await stream(source, 1, total, fast);
    await fast.waitForCount(2 + total - 1, 20_000);
    expect(pictures(fast).map(peekSeq)).toEqual(Array.from({ length: total }, (_, i) => i));
    assertValidChain(pictures(fast));

    const metrics = await relay.metrics();
    const drops = Number(/ds_relay_slow_receiver_drops_total\{type="DeltaPixels"\} (\d+)/.exec(metrics)?.[1]);
    expect(drops).toBeGreaterThan(100);

    // Drained, the slow receiver is brought back: a keyframe, then deltas resume in order.
    socketOf(slow).resume();
    await sleep(200);
    const before = keyframeRequests(source);
    source.send(delta(total, DELTA));
    // The drained receiver's chain cannot be replayed from the (overflowed) log: the relay asks.
    await source.find(() => keyframeRequests(source) > before);
    source.send(pixels(total + 1, 64, 64));
    await stream(source, total + 2, total + 40, fast);
    source.send(pixels(total + 40, 64, 64));
    await fast.find((m) => peekSeq(m) === total + 40 && m[0] === FrameType.Pixels, 10_000);
    await slow.find((m) => peekSeq(m) === total + 40, 10_000);
    const got = pictures(slow);
    expect(got.length).toBeLessThan(total);
    assertValidChain(got);
    // It got the requested keyframe, then every live delta after it.
    const resync = got.findIndex((m) => m[0] === FrameType.Pixels && peekSeq(m) > total);
    expect(got.slice(resync).map(peekSeq)).toEqual(Array.from({ length: 40 }, (_, i) => total + 1 + i));
  }, 30_000);

  it('asks the source for a keyframe when the drained receiver cannot be replayed from the log', async () => {
    const relay = await startRelay({
      maxBufferedBytes: 256 * 1024,
      maxDeltaLogBytes: 0,
      keyframeRequestIntervalMs: 0,
    });
    const source = await connect(relay, 'kreq', 'source');
    const slow = await connect(relay, 'kreq', 'receiver');
    source.send(pixels(0, 64, 64));
    await slow.waitForCount(2);
    const before = source.received.filter((m) => m[0] === InputType.KeyframeRequest).length;
    socketOf(slow).pause();
    for (let seq = 1; seq < 300; seq++) source.send(delta(seq, DELTA));
    await sleep(100);
    socketOf(slow).resume();
    await sleep(200);
    source.send(delta(300, DELTA));
    await source.find(
      () =>
        source.received.filter((m) => m[0] === InputType.KeyframeRequest && (m[1]! & Flag.Input) !== 0)
          .length > before,
    );
    source.send(pixels(301, 64, 64));
    source.send(delta(302, DELTA));
    await slow.find((m) => peekSeq(m) === 302, 10_000);
    assertValidChain(pictures(slow));
  }, 30_000);

  it('replays keyframe + delta log (and merged signal state) to a drained receiver without asking the source', async () => {
    const budget = 2 * 1024 * 1024;
    const relay = await startRelay({ maxBufferedBytes: budget, maxDeltaLogBytes: budget / 2 });
    const source = await connect(relay, 'replay', 'source');
    const slow = await connect(relay, 'replay', 'receiver');
    const frame = (seq: number): Uint8Array => (seq % 8 === 0 ? pixels(seq, 64, 64) : delta(seq, DELTA));
    source.send(frame(0));
    await slow.waitForCount(2);
    const requests = keyframeRequests(source);
    socketOf(slow).pause();
    const state: Record<string, number> = {};
    for (let seq = 1; seq < 597; seq++) {
      source.send(frame(seq));
      source.send(signal(seq, { [`s${seq % 10}`]: seq }));
      state[`s${seq % 10}`] = seq;
      if (seq % 32 === 0) await sleep(1);
    }
    await sleep(100);
    socketOf(slow).resume();
    await sleep(200);
    source.send(frame(597)); // a delta: the relay first replays keyframe 592 and deltas 593..596
    await slow.find((m) => peekSeq(m) === 597, 10_000);
    const got = pictures(slow);
    assertValidChain(got);
    expect(got.length).toBeLessThan(500);
    expect(got.slice(-6).map(peekSeq)).toEqual([592, 593, 594, 595, 596, 597]);
    expect(keyframeRequests(source)).toBe(requests);
    // Signal diffs were dropped too; the next diff arrives as a resync: a SignalSync of the
    // merged state, then the diffs recorded since it (this one last).
    const before = slow.received.length;
    source.send(signal(597, { last: true }));
    await slow.find((m) => m[0] === FrameType.SignalDiff && peekSeq(m) === 597);
    const resync = slow.received
      .slice(before)
      .filter((m) => m[0] === FrameType.SignalSync || m[0] === FrameType.SignalDiff);
    expect(resync[0]![0]).toBe(FrameType.SignalSync);
    expect(foldSignals(resync)).toEqual({ ...state, last: true });
  }, 30_000);
});
