import { watchTransportKind } from './choice-kind';
import type { DataChannelTransportOptions, TransportKind } from './datachannel-types';
import { Emitter } from './emitter';
import { TransportError } from './errors';
import type { TransportState } from './state';
import type { SendOptions, SendResult, Transport, TransportEvents } from './types';
import { createWebSocketTransport } from './websocket';

/** A transport that says when it changes path (what engines read of a DataChannel transport). @internal */
export interface KindTransport extends Transport {
  onKind(handler: (kind: TransportKind) => void): () => void;
}

type LazyEvents = TransportEvents & { kind: (k: TransportKind) => void };

const EVENTS = ['message', 'state', 'open', 'error'] as const;

/**
 * A DataChannel transport whose code (signalling, fragments, reassembly, picture gate) is loaded
 * by dynamic `import()` when it is created: an engine asked for `transport: 'auto' | 'webrtc'`
 * builds this, so an app that never asks for WebRTC does not carry its bytes. Until the module is
 * there the transport is `idle` (a `connect()` meanwhile is done once loaded) and sends answer
 * `'not-open'`. If the module cannot load, `'auto'` goes on over a WebSocket transport and
 * `'webrtc'` reports `CONNECT_FAILED`.
 * @internal
 */
export function createLazyDataChannelTransport(o: DataChannelTransportOptions): KindTransport {
  return new LazyTransport(
    import('./datachannel').then(
      (m) => m.createDataChannelTransport(o),
      (e: unknown) => {
        const error = new TransportError(
          'CONNECT_FAILED',
          `the WebRTC transport could not load: ${String(e)}`,
        );
        if (o.mode === 'webrtc') throw error;
        return createWebSocketTransport(o);
      },
    ),
  );
}

class LazyTransport implements KindTransport {
  readonly #events = new Emitter<LazyEvents>();
  #inner: Transport | null = null;
  #connect = false;
  #closed = false;

  constructor(loaded: Promise<Transport>) {
    loaded.then(
      (t) => {
        if (this.#closed) return t.close();
        this.#inner = t;
        for (const ev of EVENTS)
          t.on(ev, (...args: unknown[]) =>
            (this.#events.emit as (e: string, ...a: unknown[]) => void)(ev, ...args),
          );
        watchTransportKind(t, (k) => this.#events.emit('kind', k));
        if (this.#connect) t.connect();
      },
      (e: TransportError) => this.#events.emit('error', e),
    );
  }

  get state(): TransportState {
    return this.#inner?.state ?? (this.#closed ? 'closed' : 'idle');
  }

  get bufferedAmount(): number {
    return this.#inner?.bufferedAmount ?? 0;
  }

  on<K extends keyof TransportEvents>(event: K, handler: TransportEvents[K]): () => void {
    return this.#events.on(event, handler as LazyEvents[K]);
  }

  onKind(handler: (kind: TransportKind) => void): () => void {
    return this.#events.on('kind', handler);
  }

  connect(): void {
    this.#connect = true;
    this.#inner?.connect();
  }

  send(data: Uint8Array, options?: SendOptions): SendResult {
    return this.#inner?.send(data, options) ?? 'not-open';
  }

  lose(error: TransportError): void {
    this.#inner?.lose?.(error);
  }

  close(code?: number, reason?: string): void {
    this.#closed = true;
    this.#inner?.close(code, reason);
    this.#events.clear();
  }
}
