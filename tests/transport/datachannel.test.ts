import { describe, expect, it } from 'vitest';
import { encodeMessage, FrameType } from '../../src/protocol/index';
import { startRelay } from '../relay/helpers';
import { rtcClient } from './datachannel-fixture';
import { setUpRelayFixture } from './relay-fixture';

setUpRelayFixture();

function pixels(seed: number): Uint8Array {
  const payload = new Uint8Array(600 * 400 * 4);
  let x = seed;
  for (let i = 0; i < payload.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    payload[i] = x >>> 24;
  }
  return encodeMessage(
    { type: FrameType.Pixels, flags: 0, seq: seed, timestamp: 0, width: 600, height: 400 },
    payload,
  );
}

describe('DataChannel transport through a real relay', () => {
  it('a 960,016 B pixel frame arrives exact over the DataChannel, source and receiver both on WebRTC', async () => {
    const relay = await startRelay();
    const rx = rtcClient(relay.url, 'dc', 'receiver');
    const tx = rtcClient(relay.url, 'dc', 'source');
    await expect.poll(() => [rx.t.kind, tx.t.kind], { timeout: 10_000 }).toEqual(['webrtc', 'webrtc']);
    const frame = pixels(7);
    expect(tx.t.send(frame)).toBe('sent');
    await expect
      .poll(() => rx.received.some((m) => m[0] === FrameType.Pixels), { timeout: 10_000 })
      .toBe(true);
    const got = rx.received.find((m) => m[0] === FrameType.Pixels)!;
    expect(got.byteLength).toBe(960_016);
    expect(Buffer.compare(got, frame)).toBe(0);
    expect(tx.t.counters.webrtcBytesOut).toBeGreaterThanOrEqual(960_016);
    expect(rx.t.counters.webrtcBytesIn).toBeGreaterThanOrEqual(960_016);
    expect(rx.t.counters.websocketBytesIn).toBeLessThan(1000);
  });

  it("'auto' against a relay without WebRTC streams over the WebSocket", async () => {
    const relay = await startRelay({ webrtc: false });
    const rx = rtcClient(relay.url, 'ws', 'receiver');
    const tx = rtcClient(relay.url, 'ws', 'source');
    await expect.poll(() => tx.t.state).toBe('open');
    await expect.poll(() => rx.t.state).toBe('open');
    const frame = pixels(3);
    tx.t.send(frame);
    await expect
      .poll(() => rx.received.some((m) => m[0] === FrameType.Pixels), { timeout: 10_000 })
      .toBe(true);
    expect(Buffer.compare(rx.received.find((m) => m[0] === FrameType.Pixels)!, frame)).toBe(0);
    expect([rx.t.kind, tx.t.kind]).toEqual(['websocket', 'websocket']);
    expect(rx.t.counters.webrtcBytesIn).toBe(0);
  });
});
