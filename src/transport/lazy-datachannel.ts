import type {
  DataChannelTransport,
  DataChannelTransportOptions,
  PathCounters,
  TransportKind,
} from './datachannel-types';
import { Emitter } from './emitter';
import { TransportError } from './errors';
import type { TransportState } from './state';
import type { SendOptions, SendResult, Transport, TransportEvents } from './types';
import { createWebSocketTransport } from './websocket';

const NO_COUNTERS: Readonly<PathCounters> = {
  webrtcBytesIn: 0,
  websocketBytesIn: 0,
  webrtcBytesOut: 0,
  websocketBytesOut: 0,
  picturesDropped: 0,
  fallbacks: 0,
};

/**
 * A `DataChannelTransport` whose code (signalling, fragments, reassembly, picture gate) is loaded
 * by dynamic `import()` when it is created: an engine asked for `transport: 'auto' | 'webrtc'`
 * builds this, so an app that never asks for WebRTC does not carry its bytes. Until the module is
 * there the transport is `idle` (a `connect()` meanwhile is kept and done once loaded) and sends
 * answer `'not-open'`. If the module cannot load, `'auto'` goes on over a plain WebSocket
 * transport and `'webrtc'` reports a `CONNECT_FAILED` error.
 * @internal
 */
export function createLazyDataChannelTransport(options: DataChannelTransportOptions): DataChannelTransport {
  return new LazyDataChannelTransport(options);
}

class LazyDataChannelTransport implements DataChannelTransport {
  readonly #events = new Emitter<TransportEvents>();
  readonly #kinds = new Emitter<{ kind: (k: TransportKind) => void }>();
  #inner: Transport | null = null;
  #rtc: DataChannelTransport | null = null;
  #connect = false;
  #closed = false;

  constructor(o: DataChannelTransportOptions) {
    import('./datachannel')
      .then((m) => {
        const t = m.createDataChannelTransport(o);
        this.#rtc = t;
        t.onKind((k) => this.#kinds.emit('kind', k));
        this.#adopt(t);
      })
      .catch((e: unknown) => {
        if (this.#closed) return;
        const error = new TransportError(
          'CONNECT_FAILED',
          `the WebRTC transport could not load: ${String(e)}`,
        );
        this.#events.emit('error', error);
        if (o.mode !== 'webrtc') this.#adopt(createWebSocketTransport(o));
      });
  }

  get state(): TransportState {
    return this.#inner?.state ?? (this.#closed ? 'closed' : 'idle');
  }

  get kind(): TransportKind {
    return this.#rtc?.kind ?? 'websocket';
  }

  get counters(): Readonly<PathCounters> {
    return this.#rtc?.counters ?? NO_COUNTERS;
  }

  get bufferedAmount(): number {
    return this.#inner?.bufferedAmount ?? 0;
  }

  on<K extends keyof TransportEvents>(event: K, handler: TransportEvents[K]): () => void {
    return this.#events.on(event, handler);
  }

  onKind(handler: (kind: TransportKind) => void): () => void {
    return this.#kinds.on('kind', handler);
  }

  connect(): void {
    this.#connect = true;
    this.#inner?.connect();
  }

  send(data: Uint8Array, options?: SendOptions): SendResult {
    return this.#inner ? this.#inner.send(data, options) : 'not-open';
  }

  lose(error: TransportError): void {
    this.#inner?.lose?.(error);
  }

  close(code?: number, reason?: string): void {
    this.#closed = true;
    this.#inner?.close(code, reason);
    this.#events.clear();
    this.#kinds.clear();
  }

  #adopt(t: Transport): void {
    if (this.#closed) {
      t.close();
      return;
    }
    this.#inner = t;
    t.on('message', (m) => this.#events.emit('message', m));
    t.on('state', (next, prev) => this.#events.emit('state', next, prev));
    t.on('open', (info) => this.#events.emit('open', info));
    t.on('error', (e) => this.#events.emit('error', e));
    if (this.#connect) t.connect();
  }
}
