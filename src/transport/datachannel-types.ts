import type { Transport } from './types';
import type { WebSocketTransportOptions } from './websocket';

/** A WebRTC peer connection constructor (`globalThis.RTCPeerConnection`, or node-datachannel's polyfill). @public */
export type RTCPeerConnectionConstructor = new (config?: RTCConfiguration) => RTCPeerConnection;

/** Options of `createDataChannelTransport`. @public */
export interface DataChannelTransportOptions extends WebSocketTransportOptions {
  /**
   * `'auto'` moves to DataChannels when the relay offers them (RtcHello) and stays on the
   * WebSocket when it does not or ICE does not complete in `iceTimeoutMs`; `'webrtc'` treats
   * either as a lost connection (reconnect, with an error), never streaming over the WebSocket.
   * @defaultValue 'auto'
   */
  mode?: 'auto' | 'webrtc';
  /** @defaultValue `globalThis.RTCPeerConnection` (in Node: `node-datachannel/polyfill`'s) */
  RTCPeerConnection?: RTCPeerConnectionConstructor;
  /** @defaultValue [] (host candidates only: no outside STUN server is contacted) */
  iceServers?: RTCIceServer[];
  /**
   * Milliseconds from the relay's RtcHello to both channels open before giving up on WebRTC.
   * @defaultValue 5000
   */
  iceTimeoutMs?: number;
}

/** Which path a `DataChannelTransport` streams over now. @public */
export type TransportKind = 'websocket' | 'webrtc';

/** Bytes per path, for stats and the e2e check that pictures really take the DataChannel. @public */
export interface PathCounters {
  webrtcBytesIn: number;
  websocketBytesIn: number;
  webrtcBytesOut: number;
  websocketBytesOut: number;
  /** Pictures dropped because a loss broke the picture chain (a keyframe was asked for). */
  picturesDropped: number;
  /** WebRTC attempts given up on (no ICE in time, a channel failed before the switch). */
  fallbacks: number;
}

/** A `Transport` that streams over WebRTC DataChannels when it can. @public */
export interface DataChannelTransport extends Transport {
  /** The path frames take now. */
  readonly kind: TransportKind;
  /** Bytes per path since creation. */
  readonly counters: Readonly<PathCounters>;
  /** Subscribes to path changes; returns the unsubscribe function. */
  onKind(handler: (kind: TransportKind) => void): () => void;
}

/** Default `iceTimeoutMs`. @internal */
export const DEFAULT_ICE_TIMEOUT_MS = 5000;
