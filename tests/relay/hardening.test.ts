// Regressions from review: hostile sources and receivers must cost their own socket at most,
// never the relay process or other peers' service.
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeMessage,
  decodeSignal,
  encodeMessage,
  encodePing,
  FrameType,
  MAX_PING_PAYLOAD,
} from '../../src/internal';
import { closeAll, connect, signal, startRelay, typeOf } from './helpers';

afterEach(closeAll);

function deepDiff(depth: number): Uint8Array {
  const text = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return encodeMessage(
    { type: FrameType.SignalDiff, flags: 0, seq: 3, timestamp: 99, width: 0, height: 0 },
    new TextEncoder().encode(text),
  );
}

describe('relay hardening', () => {
  it('survives a 100,000-deep SignalDiff: late joiners get the state without it', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'deep', 'source');
    const watcher = await connect(relay, 'deep', 'receiver');
    source.send(signal(1, { ok: 1 }, true));
    source.send(deepDiff(100_000));
    source.send(signal(4, { more: 2 }));
    // StreamStatus + 2 frames: the deep diff is refused (not retained, not forwarded).
    await watcher.find((m) => typeOf(m) === FrameType.SignalDiff && m[2] === 4);
    expect(watcher.received.map(typeOf)).toEqual([
      FrameType.StreamStatus,
      FrameType.SignalSync,
      FrameType.SignalDiff,
    ]);
    for (let i = 0; i < 2; i++) {
      const late = await connect(relay, 'deep', 'receiver');
      const sync = await late.find((m) => typeOf(m) === FrameType.SignalSync);
      expect(decodeSignal(decodeMessage(sync))).toEqual({ ok: 1, more: 2 });
    }
    const health = await fetch(`${relay.url.replace('ws', 'http')}/healthz`);
    expect(health.status).toBe(200);
  });

  it(`closes a peer whose Ping payload exceeds ${MAX_PING_PAYLOAD} bytes, and echoes small ones`, async () => {
    const relay = await startRelay();
    const peer = await connect(relay, 'ping', 'receiver');
    peer.send(encodePing({ seq: 1, timestamp: 5, input: true }, new Uint8Array(MAX_PING_PAYLOAD)));
    const pong = await peer.find((m) => typeOf(m) === FrameType.Pong);
    expect(decodeMessage(pong).payload.length).toBe(MAX_PING_PAYLOAD);
    peer.send(encodePing({ seq: 2, timestamp: 6, input: true }, new Uint8Array(MAX_PING_PAYLOAD + 1)));
    const closed = await peer.closed;
    expect(closed.code).toBe(1009);
    expect(closed.reason).toMatch(/Ping payload/);
  });
});
