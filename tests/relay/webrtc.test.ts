// The relay's WebRTC side with real node-datachannel peers: who is offered it, what the budgets
// do to DataChannel peers, malformed signalling, and how it starts without node-datachannel.
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../relay-dev/cli-args';
import { startWebRTC, WebRTCUnavailableError } from '../../relay-dev/webrtc/index';
import { loadRtcModule, rtcLoadError } from '../../relay-dev/webrtc/load';
import {
  encodeMessage,
  encodePing,
  Flag,
  FrameType,
  InputType,
  RtcSignalCode,
} from '../../src/protocol/index';
import { rtcClient } from '../transport/datachannel-fixture';
import { setUpRelayFixture } from '../transport/relay-fixture';
import { connect, delta, pixels, startRelay } from './helpers';

setUpRelayFixture();

async function metric(relay: { metrics(): Promise<string> }, prefix: string): Promise<number> {
  let n = 0;
  for (const l of (await relay.metrics()).split('\n'))
    if (l.startsWith(prefix)) n += Number(l.split(' ').pop());
  return n;
}

describe('relay WebRTC', () => {
  it('says RtcHello only to peers that ask (?webrtc=1); a plain WebSocket peer sees nothing new', async () => {
    const relay = await startRelay();
    const plain = await connect(relay, 'hello', 'receiver');
    const asking = await connect(relay, 'hello', 'receiver&webrtc=1');
    await asking.find((m) => m[0] === FrameType.RtcHello);
    await plain.waitForCount(1);
    expect(plain.received.map((m) => m[0])).toEqual([FrameType.StreamStatus]);
  });

  it('the input budget applies to a receiver on DataChannels: the excess is dropped and counted', async () => {
    // A burst big enough for the signalling (offer, candidates, switched), which is charged too.
    const relay = await startRelay({ inputRate: 1, inputBurst: 20 });
    const rx = rtcClient(relay.url, 'budget', 'receiver');
    await expect.poll(() => rx.t.kind, { timeout: 10_000 }).toBe('webrtc');
    const before = rx.t.counters.websocketBytesOut;
    for (let i = 0; i < 60; i++) rx.t.send(encodePing({ seq: i, timestamp: 0, input: true }));
    expect(rx.t.counters.websocketBytesOut).toBe(before);
    // At most 20 of them fit the burst (less what the signalling took): 40 or more are dropped.
    await expect
      .poll(() => metric(relay, 'ds_relay_input_dropped_total'), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(40);
    // The ones that passed were answered on the channels.
    await expect.poll(() => rx.received.some((m) => m[0] === FrameType.Pong)).toBe(true);
    expect(rx.t.counters.webrtcBytesIn).toBeGreaterThan(0);
  });

  it("the per-receiver send budget counts the DataChannels' bufferedAmount: a burst past it is dropped for that receiver", async () => {
    const relay = await startRelay({ maxBufferedBytes: 1024 });
    const rx = rtcClient(relay.url, 'slow', 'receiver');
    const tx = rtcClient(relay.url, 'slow', 'source');
    await expect.poll(() => [rx.t.kind, tx.t.kind], { timeout: 10_000 }).toEqual(['webrtc', 'webrtc']);
    // One tick of frames much larger than the budget: the channel cannot have sent them all.
    tx.t.send(pixels(1, 64, 64));
    for (let i = 2; i < 40; i++) tx.t.send(delta(i, 200_000, 64, 64));
    await expect
      .poll(() => metric(relay, 'ds_relay_slow_receiver_drops_total'), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await metric(relay, 'ds_relay_bytes_in_total{type="DeltaPixels"}')).toBeGreaterThan(1_000_000);
  });

  it('malformed signalling closes the peer with the protocol close code', async () => {
    const relay = await startRelay();
    const c = await connect(relay, 'bad', 'receiver&webrtc=1');
    c.send(
      encodeMessage(
        { type: InputType.RtcSignal, flags: Flag.Input, seq: 0, timestamp: 0, width: 0, height: 0 },
        Uint8Array.of(RtcSignalCode.offer, 0x68, 0x69),
      ),
    );
    expect((await c.closed).code).toBe(1007);
  });

  it('a relay with webrtc: false ignores signalling and streams over the WebSocket', async () => {
    const relay = await startRelay({ webrtc: false });
    const c = await connect(relay, 'off', 'receiver&webrtc=1');
    await c.waitForCount(1);
    expect(c.received.map((m) => m[0])).toEqual([FrameType.StreamStatus]);
  });

  it('--webrtc fails at start with a clear message when node-datachannel cannot be loaded', async () => {
    const missing = () => loadRtcModule('node-datachannel-missing/polyfill');
    expect(await missing()).toBeNull();
    const host = {} as Parameters<typeof startWebRTC>[1];
    const settings = { iceServers: [], bindAddress: undefined, maxHeldBytes: 1, openTimeoutMs: 1 };
    await expect(startWebRTC(true, host, settings, missing)).rejects.toThrow(WebRTCUnavailableError);
    await expect(startWebRTC(true, host, settings, missing)).rejects.toThrow(/npm install node-datachannel/);
    expect(rtcLoadError()).toBeInstanceOf(Error);
    expect(await startWebRTC(undefined, host, settings, missing)).toBeNull();
    expect(await startWebRTC(false, host, settings)).toBeNull();
  });

  it('flags: --webrtc, --no-webrtc, --ice-server (repeatable)', () => {
    expect(parseCli(['--webrtc'])).toMatchObject({ webrtc: true });
    expect(parseCli(['--no-webrtc'])).toMatchObject({ webrtc: false });
    expect(parseCli([])).not.toHaveProperty('webrtc');
    expect(parseCli(['--ice-server', 'stun:a:3478', '--ice-server', 'turn:u:p@b:3478'])).toMatchObject({
      iceServers: ['stun:a:3478', 'turn:u:p@b:3478'],
    });
    expect(() => parseCli(['--webrtc', '--no-webrtc'])).toThrow(/contradict/);
  });
});
