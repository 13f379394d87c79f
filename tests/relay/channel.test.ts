// Late joiners: the relay sends status, the current picture and the merged signal state first.
import { afterEach, describe, expect, it } from 'vitest';
import { decodeMessage, decodeStreamStatus, Flag, FrameType, InputType } from '../../src/protocol/index';
import { closeAll, connect, delta, json, pixels, signal, startRelay, typeOf } from './helpers';

afterEach(closeAll);

describe('late joiners', () => {
  it('get keyframe + deltas since (the current picture) and the merged signal state, then live frames', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'late', 'source');
    const early = await connect(relay, 'late', 'receiver');
    await early.next();
    const sent = [
      pixels(1),
      delta(2),
      signal(3, { a: 1, nested: { x: 1, y: 2 }, gone: true }, true),
      delta(4),
      signal(5, { b: 2, nested: { y: null }, gone: null }),
      signal(6, { a: 3 }),
    ];
    for (const f of sent) source.send(f);
    await early.waitForCount(1 + sent.length);

    const late = await connect(relay, 'late', 'receiver');
    expect(decodeStreamStatus(decodeMessage(await late.next()))).toEqual({ status: 'online', receivers: 2 });
    expect(await late.next()).toEqual(pixels(1));
    expect(await late.next()).toEqual(delta(2));
    expect(await late.next()).toEqual(delta(4));
    const sync = await late.next();
    expect(typeOf(sync)).toBe(FrameType.SignalSync);
    expect(decodeMessage(sync).header).toMatchObject({ seq: 6, flags: Flag.Keyframe });
    expect(json(sync)).toEqual({ a: 3, b: 2, nested: { x: 1 } });
    source.send(delta(7));
    expect(await late.next()).toEqual(delta(7));
  });

  it('forwards the original SignalSync bytes when no diff followed it', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'sync', 'source');
    const first = await connect(relay, 'sync', 'receiver');
    await first.next();
    source.send(signal(1, { hello: 'world' }, true));
    await first.next();
    const late = await connect(relay, 'sync', 'receiver');
    await late.next();
    expect(await late.next()).toEqual(signal(1, { hello: 'world' }, true));
  });

  it('merges hundreds of diffs correctly (lazy merge with compaction)', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'many', 'source');
    const first = await connect(relay, 'many', 'receiver');
    await first.next();
    const expected: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) {
      source.send(signal(i, { [`k${i % 50}`]: i }));
      expected[`k${i % 50}`] = i;
    }
    await first.waitForCount(1001);
    const late = await connect(relay, 'many', 'receiver');
    await late.next();
    expect(json(await late.next())).toEqual(expected);
  });

  it('with the delta chain too long to replay, show the last keyframe, ask the source, hold deltas', async () => {
    const relay = await startRelay({ maxDeltaLogBytes: 1000, keyframeRequestIntervalMs: 0 });
    const source = await connect(relay, 'long', 'source');
    const first = await connect(relay, 'long', 'receiver');
    await first.next();
    source.send(pixels(1));
    for (let i = 2; i < 10; i++) source.send(delta(i, 400));
    await first.waitForCount(10);
    const requestsBefore = source.received.filter((m) => m[0] === InputType.KeyframeRequest).length;
    const late = await connect(relay, 'long', 'receiver');
    await late.next();
    expect(await late.next()).toEqual(pixels(1));
    await source.find(
      () => source.received.filter((m) => m[0] === InputType.KeyframeRequest).length > requestsBefore,
    );
    source.send(delta(10, 400));
    source.send(pixels(11));
    source.send(delta(12, 400));
    expect(await late.next()).toEqual(pixels(11));
    expect(await late.next()).toEqual(delta(12, 400));
  });

  it('a receiver that joins before any source learns it is offline, then online', async () => {
    const relay = await startRelay();
    const r = await connect(relay, 'wait', 'receiver');
    expect(decodeStreamStatus(decodeMessage(await r.next())).status).toBe('offline');
    const source = await connect(relay, 'wait', 'source');
    expect(decodeStreamStatus(decodeMessage(await r.next())).status).toBe('online');
    source.send(pixels(1));
    expect(await r.next()).toEqual(pixels(1));
  });
});
