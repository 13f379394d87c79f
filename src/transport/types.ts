import type { TransportError } from './errors';
import type { TransportState } from './state';

/**
 * How a message may be treated on the way out. A WebSocket has one ordered channel and uses
 * `droppable` only for backpressure; a WebRTC transport sends droppable messages on its
 * unordered channel and everything else (input, signal, control, keyframes) on the reliable one.
 * @public
 */
export interface SendOptions {
  /**
   * The message may be skipped when the link is busy (a non-key picture or audio frame);
   * a later message replaces it.
   * @defaultValue false
   */
  droppable?: boolean;
}

/** What happened to a message handed to `Transport.send`. @public */
export type SendResult = 'sent' | 'dropped' | 'not-open';

/** Details of an `open` event. @public */
export interface OpenInfo {
  /** True when this open follows a lost connection (the engine then resynchronises). */
  reconnected: boolean;
}

/** Events a `Transport` emits. @public */
export interface TransportEvents {
  /** One whole binary message. The bytes belong to the handler until it returns. */
  message: (data: Uint8Array) => void;
  /** Every state change, after it happened. */
  state: (next: TransportState, prev: TransportState) => void;
  /** The link is usable (again). */
  open: (info: OpenInfo) => void;
  /** Something failed; the transport may still be retrying (see `state`). */
  error: (error: TransportError) => void;
}

/**
 * A bidirectional message link carrying whole binary ds-stream messages. The WebSocket
 * transport is the first implementation; the interface leaves room for a WebRTC DataChannel
 * transport (unordered channel for `droppable` sends, reliable for the rest, large messages
 * split and reassembled below this interface).
 * @example
 * ```ts
 * const t = createWebSocketTransport({ url: channelUrl('ws://127.0.0.1:9100', 'demo', 'receiver') });
 * t.on('message', (bytes) => console.log(bytes.length));
 * t.connect();
 * ```
 * @public
 */
export interface Transport {
  /** Current lifecycle state. */
  readonly state: TransportState;
  /**
   * Bytes handed to `send` that the link has not yet put on the wire. Senders compare it
   * with a high-water mark and skip frames instead of queueing them.
   */
  readonly bufferedAmount: number;
  /** Starts connecting (idempotent while connecting or open). */
  connect(): void;
  /** Sends one whole message. Droppable messages are dropped past the high-water mark. */
  send(data: Uint8Array, options?: SendOptions): SendResult;
  /**
   * Treats the current connection as lost (e.g. no Pong for several pings: a half-open link) and
   * starts the reconnect path, as if the peer had gone away. Optional: engines skip it when absent.
   */
  lose?(error: TransportError): void;
  /** Closes for good: no reconnect after this. Idempotent. */
  close(code?: number, reason?: string): void;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof TransportEvents>(event: K, handler: TransportEvents[K]): () => void;
}

/** Which side of a channel a peer is. @public */
export type Role = 'source' | 'receiver';
