// The WebSocket transport's options and the socket shape it accepts (the browser's and `ws`'s).
import type { BackoffOptions } from './backoff';

/**
 * The part of the WebSocket API the transport uses, so the browser's `WebSocket` and the
 * `ws` package's both fit. Handler parameters are `never` because each implementation types
 * its events differently; the transport reads only `data`, `code` and `reason`.
 * @public
 */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: never) => void) | null;
  onmessage: ((ev: never) => void) | null;
  onclose: ((ev: never) => void) | null;
  onerror: ((ev: never) => void) | null;
}

/** A WebSocket constructor (`globalThis.WebSocket` or `ws`'s `WebSocket`). @public */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Options of `createWebSocketTransport`. @public */
export interface WebSocketTransportOptions {
  /** Full channel URL (see `channelUrl`). */
  url: string;
  /**
   * The same channel on other relays of a cluster (docs/RELAY.md "Cluster"): each reconnect
   * tries the next of `url`, then these, in turn, so a relay that died is left behind.
   * @defaultValue [] (always `url`)
   */
  urls?: readonly string[] | undefined;
  /**
   * WebSocket implementation; pass `ws`'s `WebSocket` in Node 20.
   * @defaultValue `globalThis.WebSocket`
   */
  WebSocket?: WebSocketConstructor;
  /**
   * Reconnect after an unexpected close; `false` ends in `closed` with an error instead.
   * @defaultValue true
   */
  reconnect?: boolean | BackoffOptions;
  /**
   * `bufferedAmount` above which droppable sends are dropped, in bytes.
   * @defaultValue 1 MiB
   */
  highWaterMark?: number;
  /**
   * Milliseconds a connection attempt may take before it counts as failed (a server that accepts
   * TCP but never answers the handshake); 0 waits forever.
   * @defaultValue 10000
   */
  connectTimeoutMs?: number;
  /**
   * Called before EACH connection attempt (the first and every reconnect); what it returns becomes
   * the URL's `token` query parameter (replacing one already there; `''` sends none), so an
   * expiring token is renewed on reconnect instead of being refused. May return the token or a
   * promise of it; the connect timeout covers the wait. A throw or rejection is reported as a
   * `TOKEN_FAILED` error and the attempt counts as failed: the transport retries on the normal
   * backoff schedule (a token service may be down for a moment), so it is never called in a loop.
   * @defaultValue none: the URL is used as given
   */
  getToken?: (() => Promise<string> | string) | undefined;
  /**
   * Random source for backoff jitter (tests pass a fixed one).
   * @defaultValue Math.random
   */
  random?: () => number;
}

/** Default `connectTimeoutMs`: 10 s. @internal */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Default high-water mark for droppable sends: 1 MiB (about one raw 600x400 frame). @internal */
export const DEFAULT_HIGH_WATER_MARK: number = 1024 * 1024;
