// Node clients over WebRTC DataChannels (node-datachannel's W3C polyfill) against a real relay.
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { WebSocket } from 'ws';
import {
  channelUrl,
  createDataChannelTransport,
  type DataChannelTransport,
  type DataChannelTransportOptions,
  type Role,
  type RTCPeerConnectionConstructor,
  type WebSocketConstructor,
} from '../../src/transport/index';
import { onCleanup } from './relay-fixture';

export interface RtcClient {
  t: DataChannelTransport;
  /** Every message delivered, in order. */
  received: Uint8Array[];
}

/** A DataChannel transport for `role` on `channel`, connected; closed after the test. */
export function rtcClient(
  relayUrl: string,
  channel: string,
  role: Role,
  extra: Pick<DataChannelTransportOptions, 'mode' | 'iceTimeoutMs'> = {},
): RtcClient {
  const t = createDataChannelTransport({
    url: channelUrl(relayUrl, channel, role),
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    // The polyfill types its events with classes of its own; at run time it is the W3C API.
    RTCPeerConnection: RTCPeerConnection as unknown as RTCPeerConnectionConstructor,
    reconnect: false,
    ...extra,
  });
  const received: Uint8Array[] = [];
  t.on('message', (m) => received.push(m.slice()));
  t.connect();
  onCleanup(() => t.close());
  return { t, received };
}
