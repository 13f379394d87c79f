// The engines' lazily loaded DataChannel transport against a real relay: idle until its module is
// there, a connect() made meanwhile is kept, a close() made meanwhile means it never connects.
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { encodeMessage, FrameType } from '../../src/protocol/index';
import { createEngineTransport } from '../../src/transport/choice';
import { watchTransportKind } from '../../src/transport/choice-kind';
import {
  channelUrl,
  type RTCPeerConnectionConstructor,
  TransportChoiceError,
  type TransportKind,
  type WebSocketConstructor,
} from '../../src/transport/index';
import { startRelay } from '../relay/helpers';
import { onCleanup, setUpRelayFixture } from './relay-fixture';

setUpRelayFixture();
const spec = (relayUrl: string, role: 'source' | 'receiver') => ({
  url: channelUrl(relayUrl, 'lazy', role),
  WebSocket: WebSocket as unknown as WebSocketConstructor,
  RTCPeerConnection: RTCPeerConnection as unknown as RTCPeerConnectionConstructor,
});

describe('createEngineTransport', () => {
  it("'webrtc': idle and not-open until loaded, keeps an early connect, then says webrtc and carries frames", async () => {
    const relay = await startRelay();
    const rx = createEngineTransport('webrtc', spec(relay.url, 'receiver'));
    const tx = createEngineTransport('webrtc', spec(relay.url, 'source'));
    onCleanup(() => rx.close());
    onCleanup(() => tx.close());
    expect([rx.state, tx.send(new Uint8Array(16))]).toEqual(['idle', 'not-open']);
    const kinds: TransportKind[] = [];
    watchTransportKind(rx, (k) => kinds.push(k));
    const got: Uint8Array[] = [];
    rx.on('message', (m) => got.push(m.slice()));
    rx.connect();
    tx.connect();
    await expect.poll(() => kinds, { timeout: 20_000 }).toEqual(['webrtc']);
    const frame = encodeMessage(
      { type: FrameType.Pixels, flags: 0, seq: 1, timestamp: 0, width: 2, height: 1 },
      new Uint8Array(8).fill(7),
    );
    await expect.poll(() => tx.state, { timeout: 20_000 }).toBe('open');
    expect(tx.send(frame)).toBe('sent');
    await expect.poll(() => got.some((m) => m[0] === FrameType.Pixels), { timeout: 20_000 }).toBe(true);
  });

  it('closed before its module loaded, it never connects', async () => {
    const relay = await startRelay();
    const early = createEngineTransport('auto', spec(relay.url, 'receiver'));
    early.connect();
    early.close();
    // A second one loads the same module; once it is open, the first would have been too.
    const later = createEngineTransport('auto', spec(relay.url, 'source'));
    onCleanup(() => later.close());
    later.connect();
    await expect.poll(() => later.state, { timeout: 20_000 }).toBe('open');
    expect(early.state).toBe('closed');
    expect(relay.stats()).toMatchObject({ sources: 1, receivers: 0 });
  });

  it("'websocket' or nothing: a WebSocket transport; a Transport is used as given; anything else is BAD_TRANSPORT", () => {
    const given = createEngineTransport(undefined, spec('ws://127.0.0.1:1', 'receiver'));
    expect(createEngineTransport(given, spec('ws://127.0.0.1:1', 'receiver'))).toBe(given);
    expect('kind' in createEngineTransport('websocket', spec('ws://127.0.0.1:1', 'receiver'))).toBe(false);
    expect(() => createEngineTransport('quic' as 'auto', spec('ws://127.0.0.1:1', 'receiver'))).toThrow(
      TransportChoiceError,
    );
  });
});
