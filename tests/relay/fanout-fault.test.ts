// A throw while fanning a frame out to one receiver closes that receiver alone: the source
// whose frame it was and the other receivers keep streaming (issue 15, item 1).
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { ReceiverPeer } from '../../relay-dev/peer';
import { encodeEnd, FrameType, peekSeq } from '../../src/internal';
import { closeAll, connect, delta, pixels, sleep, startRelay, until } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
  return closeAll();
});

const socketOf = (ws: WebSocket): Socket => (ws as unknown as { _socket: Socket })._socket;

describe('fan-out faults', () => {
  it('a receiver whose resync throws is closed 1011; the source and the other receiver stream on', async () => {
    const budget = 64 * 1024;
    const relay = await startRelay({ maxBufferedBytes: budget, maxDeltaLogBytes: budget });
    const source = await connect(relay, 'fault', 'source');
    const fast = await connect(relay, 'fault', 'receiver');
    const slow = await connect(relay, 'fault', 'receiver');
    source.send(pixels(0, 64, 64));
    await Promise.all([fast.waitForCount(2), slow.waitForCount(2)]);
    // Stall the slow one until the relay drops deltas for it (it then needs a picture resync).
    socketOf(slow.ws).pause();
    let seq = 1;
    const dropped = async (): Promise<boolean> =>
      /ds_relay_slow_receiver_drops_total\{type="DeltaPixels"\} [1-9]/.test(await relay.metrics());
    while (!(await dropped()) && seq < 2000) {
      source.send(delta(seq++, 16 * 1024));
      await fast.find((m) => peekSeq(m) === seq - 1 && m[0] === FrameType.DeltaPixels, 10_000);
    }
    expect(await dropped()).toBe(true);
    socketOf(slow.ws).resume();
    await sleep(100); // let it drain below its budget
    // Fault injection in the per-receiver resync path (sendPicture), where a bug would throw.
    const fault = vi.spyOn(ReceiverPeer.prototype, 'sendPicture').mockImplementation(() => {
      throw new Error('injected resync failure');
    });
    // A burst: the deltas after the first reach the receiver while it is closing, and must
    // neither close nor count it again.
    for (let i = 0; i < 5; i++) source.send(delta(seq++, 1024));
    expect(await slow.closed).toEqual({ code: 1011, reason: 'internal relay error' });
    expect(fault).toHaveBeenCalled();
    fault.mockRestore();
    source.send(pixels(seq, 64, 64));
    await fast.find((m) => peekSeq(m) === seq && m[0] === FrameType.Pixels, 10_000);
    expect(source.ws.readyState).toBe(WebSocket.OPEN);
    expect(fast.ws.readyState).toBe(WebSocket.OPEN);
    expect(await relay.metrics()).toContain('ds_relay_closed_by_relay_total{reason="internal"} 1');
  }, 30_000);

  it('a stalled receiver is cut off once control messages past its budget reach the budget again', async () => {
    // End and StreamStatus are never dropped, so a source alternating End and a frame could
    // otherwise grow a stalled receiver's queue at the relay without bound.
    const budget = 64 * 1024;
    const relay = await startRelay({ maxBufferedBytes: budget, maxDeltaLogBytes: 0 });
    const source = await connect(relay, 'flap', 'source');
    const fast = await connect(relay, 'flap', 'receiver');
    const slow = await connect(relay, 'flap', 'receiver');
    socketOf(slow.ws).pause();
    let seq = 1;
    const dropped = async (): Promise<boolean> =>
      /ds_relay_slow_receiver_drops_total\{type="DeltaPixels"\} [1-9]/.test(await relay.metrics());
    while (!(await dropped()) && seq < 4000) {
      source.send(delta(seq++, 16 * 1024));
      await fast.find((m) => peekSeq(m) === seq - 1 && m[0] === FrameType.DeltaPixels, 10_000);
    }
    expect(await dropped()).toBe(true);
    const end = encodeEnd({ seq: 0, timestamp: 0 });
    // Each pair queues End (16 B) + StreamStatus online (21 B) for the stalled one: 4x its budget.
    const pairs = Math.ceil((4 * budget) / 37);
    // Paced by the receiver that reads, so only the stalled one is over its budget.
    // (It gets End, StreamStatus online and the delta per pair.)
    const before = fast.received.length;
    for (let sent = 0; sent < pairs; ) {
      for (let i = 0; i < 100; i++, sent++) {
        source.send(end);
        source.send(delta(seq++, 16));
      }
      await fast.waitForCount(before + 3 * sent, 10_000);
    }
    await until(() => relay.stats().receivers === 1, 'the stalled receiver to be cut off', 10_000);
    expect(await relay.metrics()).toContain('ds_relay_closed_by_relay_total{reason="stalled"} 1');
    // The others never noticed.
    source.send(pixels(seq, 64, 64));
    expect(await fast.find((m) => m[0] === FrameType.Pixels && peekSeq(m) === seq, 10_000)).toEqual(
      pixels(seq, 64, 64),
    );
    expect(source.ws.readyState).toBe(WebSocket.OPEN);
    expect(fast.ws.readyState).toBe(WebSocket.OPEN);
  }, 30_000);
});
