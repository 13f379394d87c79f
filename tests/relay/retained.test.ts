// The relay-wide budget for retained state (maxRetainedBytes): idle channels' state goes first,
// live delivery never suffers, and a late joiner on an evicted channel gets a KeyframeRequest.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Peer } from '../../relay-dev/peer';
import { encodePing, Flag, FrameType, InputType, peekSeq } from '../../src/protocol/index';
import {
  closeAll,
  connect,
  delta,
  json,
  pixels,
  signal,
  startRelay,
  type TestClient,
  typeOf,
} from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
  return closeAll();
});

const KEY = pixels(0, 64, 64).byteLength; // 16 + 64 * 64 * 4

const gauge = (metrics: string, name: string): number =>
  Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1]);
const requests = (c: TestClient): number =>
  c.received.filter((m) => m[0] === InputType.KeyframeRequest && (m[1]! & Flag.Input) !== 0).length;

let pings = 0;
/** Resolves once the relay has handled everything `source` sent before (same socket, in order). */
async function flush(source: TestClient): Promise<void> {
  const seq = ++pings & 0xffff;
  source.send(encodePing({ seq, timestamp: 0 }));
  await source.find((m) => m[0] === FrameType.Pong && peekSeq(m) === seq);
}

/** What a late joiner on `source`'s channel gets: the keyframe, or (evicted) a request to the source. */
async function join(relay: Awaited<ReturnType<typeof startRelay>>, channel: string, source: TestClient) {
  const before = requests(source);
  const late = await connect(relay, channel, 'receiver');
  await late.next(); // StreamStatus
  const picture = late.next(5000).then((m) => ({ picture: m }));
  const asked = source.find(() => requests(source) > before, 5000).then(() => ({ picture: null }));
  const got = await Promise.race([picture, asked]);
  picture.catch(() => {});
  asked.catch(() => {});
  return { late, picture: got.picture };
}

describe('retained-state budget', () => {
  it('evicts idle channels first, least recently active first; the gauge is the sum kept', async () => {
    const limit = 5 * KEY + 100; // evicts down to 7/8 of it: 4 keyframes
    const relay = await startRelay({ maxRetainedBytes: limit, keyframeRequestIntervalMs: 0 });
    const sources: TestClient[] = [];
    for (let i = 0; i < 10; i++) sources.push(await connect(relay, `ch${i}`, 'source'));
    const live = await connect(relay, 'ch0', 'receiver');
    await live.next();
    // ch0 (with a receiver) is the least recently active of all; ch1..ch9 are idle.
    for (let i = 0; i < 10; i++) {
      sources[i]!.send(pixels(i, 64, 64));
      await flush(sources[i]!);
    }
    const metrics = await relay.metrics();
    expect(gauge(metrics, 'ds_relay_retained_bytes')).toBe(4 * KEY);
    expect(gauge(metrics, 'ds_relay_retained_limit_bytes')).toBe(limit);
    expect(metrics).toMatch(/ds_relay_retained_evictions_total\{what="idle_channel"\} 6/);
    const kept: number[] = [];
    for (let i = 0; i < 10; i++) {
      const { picture } = await join(relay, `ch${i}`, sources[i]!);
      if (picture) {
        expect(picture).toEqual(pixels(i, 64, 64));
        kept.push(i);
      }
    }
    // Oldest idle ones went first; the active channel kept its state although it is the oldest.
    expect(kept).toEqual([0, 7, 8, 9]);
  });

  it('a live receiver gets every frame even when nothing fits; a late joiner then gets a KeyframeRequest', async () => {
    const relay = await startRelay({ maxRetainedBytes: 1000, keyframeRequestIntervalMs: 0 });
    const source = await connect(relay, 'tiny', 'source');
    const live = await connect(relay, 'tiny', 'receiver');
    await live.next();
    const sent: Uint8Array[] = [];
    for (let seq = 0; seq < 60; seq++) sent.push(seq % 10 === 0 ? pixels(seq, 64, 64) : delta(seq, 4096));
    for (const f of sent) source.send(f);
    await live.waitForCount(1 + sent.length);
    expect(live.received.slice(1)).toEqual(sent);
    await flush(source);
    expect(gauge(await relay.metrics(), 'ds_relay_retained_bytes')).toBeLessThanOrEqual(1000);
    const { picture } = await join(relay, 'tiny', source);
    expect(picture).toBeNull();
  });

  it('an evicted signal state: the late joiner is asked for, and holds diffs until, a SignalSync', async () => {
    const relay = await startRelay({ maxRetainedBytes: 1000, keyframeRequestIntervalMs: 0 });
    const source = await connect(relay, 'sig', 'source');
    const live = await connect(relay, 'sig', 'receiver');
    await live.next();
    const big = { blob: 'x'.repeat(2000) }; // larger than the whole budget: evicted at once
    source.send(signal(1, big, true));
    source.send(signal(2, { a: 1 }));
    await live.waitForCount(3);
    expect(json(live.received[1]!)).toEqual(big); // live delivery is untouched
    const before = requests(source);
    const late = await connect(relay, 'sig', 'receiver');
    await late.next();
    await source.find(() => requests(source) > before);
    source.send(signal(3, { b: 2 })); // no base to apply it to: held back from the late joiner
    source.send(signal(4, { fresh: true }, true)); // what the source sends on KeyframeRequest
    source.send(signal(5, { c: 3 }));
    await late.waitForCount(3);
    expect(late.received.slice(1).map((m) => [typeOf(m), peekSeq(m)])).toEqual([
      [FrameType.SignalSync, 4],
      [FrameType.SignalDiff, 5],
    ]);
    await live.waitForCount(6);
  });

  it('a join that throws after the merged state was built leaves the gauge equal to what is kept', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'drift', 'source');
    source.send(signal(1, { ok: 1 }, true));
    source.send(signal(2, { more: 2 }));
    await flush(source);
    const kept = 2 * 16 + JSON.stringify({ ok: 1 }).length + JSON.stringify({ more: 2 }).length;
    expect(gauge(await relay.metrics(), 'ds_relay_retained_bytes')).toBe(kept);
    // The join merges base + diff into one SignalSync (smaller), then sending it throws.
    const send = Peer.prototype.send;
    vi.spyOn(Peer.prototype, 'send').mockImplementation(function (this: Peer, bytes, slot) {
      if (slot === FrameType.SignalSync) throw new Error('injected send failure');
      send.call(this, bytes, slot);
    });
    const refused = await connect(relay, 'drift', 'receiver');
    expect((await refused.closed).code).toBe(1011);
    const merged = 16 + JSON.stringify({ ok: 1, more: 2 }).length;
    expect(gauge(await relay.metrics(), 'ds_relay_retained_bytes')).toBe(merged);
  });
});
