import type { RTCPeerConnectionConstructor } from './datachannel-types';
import { createLazyDataChannelTransport } from './lazy-datachannel';
import type { Transport } from './types';
import { createWebSocketTransport, type WebSocketConstructor } from './websocket';

/**
 * What an engine's `transport` option names: `'websocket'` (the default), `'webrtc'` (DataChannels
 * or a lost connection, never frames over the WebSocket) or `'auto'` (DataChannels when the relay
 * offers them and ICE completes, else the WebSocket).
 * @public
 */
export type TransportChoice = 'auto' | 'websocket' | 'webrtc';

/** Why an engine's `transport` option was refused. @public */
export class TransportChoiceError extends TypeError {
  readonly code = 'BAD_TRANSPORT' as const;
  constructor(value: unknown) {
    super(
      `BAD_TRANSPORT: transport must be 'auto', 'websocket', 'webrtc' or a Transport, not ${String(value)}`,
    );
    this.name = 'TransportChoiceError';
  }
}

/** What an engine knows when it builds its transport. @internal */
export interface EngineTransportSpec {
  /** The channel URL (`channelUrl(...)`). */
  url: string;
  /** The channel on the cluster's other relays, tried in turn on reconnect (WebSocket only). */
  urls?: readonly string[] | undefined;
  WebSocket?: WebSocketConstructor | undefined;
  getToken?: (() => string | Promise<string>) | undefined;
  RTCPeerConnection?: RTCPeerConnectionConstructor | undefined;
}

/**
 * The engine's transport: the one given, a WebSocket transport, or (for `'auto'` / `'webrtc'`) a
 * DataChannel transport whose code loads lazily, so engines that never ask stay without it.
 * @internal
 */
export function createEngineTransport(
  choice: Transport | TransportChoice | undefined,
  spec: EngineTransportSpec,
): Transport {
  if (typeof choice === 'object' && choice !== null) return choice;
  const o = {
    url: spec.url,
    ...(spec.urls?.length ? { urls: spec.urls } : {}),
    ...(spec.WebSocket ? { WebSocket: spec.WebSocket } : {}),
    ...(spec.getToken ? { getToken: spec.getToken } : {}),
  };
  if (choice === undefined || choice === 'websocket') return createWebSocketTransport(o);
  if (choice !== 'auto' && choice !== 'webrtc') throw new TransportChoiceError(choice);
  return createLazyDataChannelTransport({
    ...o,
    mode: choice,
    ...(spec.RTCPeerConnection ? { RTCPeerConnection: spec.RTCPeerConnection } : {}),
  });
}
