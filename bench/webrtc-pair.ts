// Source and receiver transports per path for bench/webrtc.bench.ts: the same relay, the same
// frames, WebSocket or DataChannel (node-datachannel's polyfill), optionally behind a lossy link.
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { WebSocket } from 'ws';
import { encodeMessage, FrameType } from '../src/protocol/index';
import {
  channelUrl,
  createDataChannelTransport,
  createWebSocketTransport,
  type RTCPeerConnectionConstructor,
  type Transport,
  type WebSocketConstructor,
} from '../src/transport/index';

/** Which path a pair takes. */
export type Path = 'websocket' | 'webrtc';

export function pixels(w: number, h: number): Uint8Array {
  const payload = new Uint8Array(w * h * 4);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) & 0xff;
  return encodeMessage(
    { type: FrameType.Pixels, flags: 0, seq: 0, timestamp: 0, width: w, height: h },
    payload,
  );
}

export function withSeq(m: Uint8Array, seq: number): Uint8Array {
  const out = m.slice();
  new DataView(out.buffer).setUint16(2, seq & 0xffff, true);
  return out;
}

/** Constructors for a receiver behind a lossy link (bench/webrtc-lossy.ts). */
export interface Via {
  url?: string;
  WebSocket?: WebSocketConstructor;
  RTCPeerConnection?: RTCPeerConnectionConstructor;
}

export function transport(
  path: Path,
  relayUrl: string,
  channel: string,
  role: 'source' | 'receiver',
  via: Via = {},
): Transport {
  const common = {
    url: channelUrl(via.url ?? relayUrl, channel, role),
    WebSocket: via.WebSocket ?? (WebSocket as unknown as WebSocketConstructor),
    reconnect: false,
    highWaterMark: 8 << 20,
  };
  if (path === 'websocket') return createWebSocketTransport(common);
  return createDataChannelTransport({
    ...common,
    mode: 'webrtc',
    RTCPeerConnection:
      via.RTCPeerConnection ?? (RTCPeerConnection as unknown as RTCPeerConnectionConstructor),
  });
}

const ready = (t: Transport, path: Path) =>
  path === 'websocket' ? t.state === 'open' : (t as { kind?: string }).kind === 'webrtc';

async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface Pair {
  tx: Transport;
  rx: Transport;
  onPicture: (fn: (m: Uint8Array) => void) => void;
}

export async function pair(path: Path, relayUrl: string, channel: string, via: Via = {}): Promise<Pair> {
  const rx = transport(path, relayUrl, channel, 'receiver', via);
  const tx = transport(path, relayUrl, channel, 'source');
  let handler: (m: Uint8Array) => void = () => {};
  rx.on('message', (m) => (m[0] === FrameType.Pixels ? handler(m) : undefined));
  rx.connect();
  tx.connect();
  await until(() => ready(rx, path) && ready(tx, path), `${path} open`);
  return { tx, rx, onPicture: (fn) => (handler = fn) };
}
