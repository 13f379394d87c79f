// A returning source is not locked out by its own half-open socket: the relay probes the old
// one and replaces it when it does not answer (issue 15, item 3).
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FrameType } from '../../src/core';
import { closeAll, connect, pixels, startRelay, typeOf, until } from './helpers';

afterEach(closeAll);

// The sweep alone would take pingTimeoutMs to drop a dead source; with it at 10 minutes,
// anything that admits the new source within these tests is the probe.
const NO_SWEEP = { pingIntervalMs: 600_000, pingTimeoutMs: 600_000 };

describe('second source', () => {
  it('replaces an old source that does not answer the probe; its frames reach receivers', async () => {
    const relay = await startRelay({ ...NO_SWEEP, sourceProbeMs: 200 });
    const dead = await connect(relay, 'back', 'source', { autoPong: false });
    const receiver = await connect(relay, 'back', 'receiver');
    const returning = await connect(relay, 'back', 'source');
    // Sent at once: the relay reads nothing from the newcomer before it is admitted, then all of it.
    returning.send(pixels(7));
    const frame = await receiver.find((m) => typeOf(m) === FrameType.Pixels, 5000);
    expect(frame).toEqual(pixels(7));
    expect(returning.ws.readyState).toBe(WebSocket.OPEN);
    expect((await dead.closed).code).toBe(1006); // terminated, no handshake with a dead peer
    expect(relay.stats()).toEqual({ channels: 1, sources: 1, receivers: 1 });
    expect(await relay.metrics()).toContain('ds_relay_closed_by_relay_total{reason="source_replaced"} 1');
    // The new source is the one the channel asks for keyframes.
    await returning.find((m) => typeOf(m) === 0x70);
  });

  it('keeps a live old source: the newcomer gets 4409 and the old one keeps streaming', async () => {
    const relay = await startRelay({ ...NO_SWEEP, sourceProbeMs: 5000 });
    const live = await connect(relay, 'kept', 'source');
    const receiver = await connect(relay, 'kept', 'receiver');
    const second = await connect(relay, 'kept', 'source');
    const closed = await second.closed;
    expect(closed).toEqual({ code: 4409, reason: 'channel kept already has a source' });
    live.send(pixels(3));
    expect(await receiver.find((m) => typeOf(m) === FrameType.Pixels)).toEqual(pixels(3));
    expect(live.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('two newcomers racing for a dead source: one is admitted, the other gets 4409', async () => {
    // The winner must answer its own probe within sourceProbeMs: keep that well above a stall.
    const relay = await startRelay({ ...NO_SWEEP, sourceProbeMs: 1000 });
    await connect(relay, 'race', 'source', { autoPong: false });
    const [a, b] = await Promise.all([connect(relay, 'race', 'source'), connect(relay, 'race', 'source')]);
    const first = await Promise.race([a.closed.then(() => a), b.closed.then(() => b)]);
    const winner = first === a ? b : a;
    expect((await first.closed).code).toBe(4409);
    expect(winner.ws.readyState).toBe(WebSocket.OPEN);
    expect(relay.stats()).toMatchObject({ sources: 1 });
    // The dead source was replaced once, though both newcomers' probes found it silent.
    expect(await relay.metrics()).toContain('ds_relay_closed_by_relay_total{reason="source_replaced"} 1');
  });

  it('a newcomer that drops during the probe is not admitted; the next source still gets in', async () => {
    // Its 'close' fires while it waits, before the relay has a handler on it: admitting it
    // anyway left a dead source that every later source probed in a loop that starved the relay.
    const relay = await startRelay({ ...NO_SWEEP, sourceProbeMs: 200 });
    await connect(relay, 'gone', 'source', { autoPong: false });
    const quitter = await connect(relay, 'gone', 'source');
    const socket = (quitter.ws as unknown as { _socket: { resetAndDestroy(): void } })._socket;
    socket.resetAndDestroy(); // an RST: the relay's paused socket learns of it at once
    await quitter.closed;
    await until(() => relay.stats().sources === 0, 'the old source replaced, the quitter not admitted');
    const next = await connect(relay, 'gone', 'source');
    await next.find((m) => typeOf(m) === 0x70); // admitted: the channel asks it for a keyframe
    expect(relay.stats()).toEqual({ channels: 1, sources: 1, receivers: 0 });
    expect(await relay.metrics()).toContain('ds_relay_closed_by_relay_total{reason="source_replaced"} 1');
  });

  it('a relay closing during a probe ends the waiting newcomer too', async () => {
    const relay = await startRelay({ ...NO_SWEEP, sourceProbeMs: 60_000 });
    await connect(relay, 'bye', 'source', { autoPong: false });
    const waiting = await connect(relay, 'bye', 'source');
    await relay.close();
    expect([1001, 1006]).toContain((await waiting.closed).code);
  });
});
