import { type Backoff, createBackoff } from './backoff';
import { Emitter } from './emitter';
import { isPermanentClose, TransportError } from './errors';
import { type TransportState, TransportStateMachine } from './state';
import { callGetToken, redactToken, withToken } from './token';
import type { SendOptions, SendResult, Transport, TransportEvents } from './types';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_HIGH_WATER_MARK,
  type WebSocketConstructor,
  type WebSocketLike,
  type WebSocketTransportOptions,
} from './websocket-types';

// Where they were first defined: imports of them from here (datachannel, choice, tests) still work.
export {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_HIGH_WATER_MARK,
  type WebSocketConstructor,
  type WebSocketLike,
  type WebSocketTransportOptions,
} from './websocket-types';

/**
 * A connection must stay open this long before its loss restarts the backoff schedule: a peer that
 * accepts and closes at once (a relay refusing 4409 or 4429 after the upgrade) is backed off.
 * @internal
 */
export const STABLE_OPEN_MS = 2000;

interface MessageEventLike {
  data: unknown;
}
interface CloseEventLike {
  code: number;
  reason: string;
}

/**
 * A `Transport` over one WebSocket at a time: binary frames only (`binaryType` arraybuffer),
 * droppable sends skipped past the high-water mark, and reconnect with jittered exponential
 * backoff to the same channel URL (with a fresh token from `getToken`, when given). Each attempt is
 * a new socket; `close()` is final. A permanent refusal (`PERMANENT_CLOSE_CODES`: 4400, 4401, 4403,
 * 1008) is not retried: the transport ends in `closed` with a `REFUSED` error carrying the code.
 * @example
 * ```ts
 * import { WebSocket } from 'ws';
 * const t = createWebSocketTransport({ url: 'ws://127.0.0.1:9100/demo?role=receiver', WebSocket });
 * t.on('open', ({ reconnected }) => reconnected && askForKeyframe());
 * t.connect();
 * ```
 * @public
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): Transport {
  return new WebSocketTransport(options);
}

class WebSocketTransport implements Transport {
  /** `url`, then `urls`: an attempt that fails or a link that drops moves to the next. */
  readonly #urls: readonly string[];
  #urlIndex = 0;
  readonly #Ctor: WebSocketConstructor | undefined;
  readonly #backoff: Backoff | null;
  readonly #highWaterMark: number;
  readonly #events = new Emitter<TransportEvents>();
  readonly #machine = new TransportStateMachine((next, prev) => this.#events.emit('state', next, prev));
  #socket: WebSocketLike | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #connectTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #connectTimeoutMs: number;
  readonly #getToken: (() => Promise<string> | string) | undefined;
  #everOpened = false;
  /** When the current socket opened (`Date.now()`), `null` while not open. */
  #openedAt: number | null = null;
  /** Bumped per attempt: a token or timer of an earlier attempt finds it changed and does nothing. */
  #attempt = 0;

  constructor(o: WebSocketTransportOptions) {
    // The URL may carry `?token=`: TransportError redacts it from the message.
    this.#urls = [o.url, ...(o.urls ?? [])];
    for (const url of this.#urls) if (!/^wss?:\/\//i.test(url)) throw new TransportError('BAD_URL', url);
    this.#getToken = o.getToken;
    this.#Ctor = o.WebSocket;
    this.#highWaterMark = o.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    this.#connectTimeoutMs = o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const rc = o.reconnect ?? true;
    this.#backoff = rc === false ? null : createBackoff(rc === true ? {} : rc, o.random);
  }

  get state(): TransportState {
    return this.#machine.state;
  }

  get bufferedAmount(): number {
    return this.#socket?.bufferedAmount ?? 0;
  }

  on<K extends keyof TransportEvents>(event: K, handler: TransportEvents[K]): () => void {
    return this.#events.on(event, handler);
  }

  connect(): void {
    const s = this.state;
    if (s === 'closing' || s === 'closed') throw new TransportError('DISPOSED', 'connect() after close()');
    if (s !== 'idle') return;
    this.#open();
  }

  send(data: Uint8Array, options?: SendOptions): SendResult {
    const socket = this.#socket;
    if (this.state !== 'open' || !socket) return 'not-open';
    if (options?.droppable && socket.bufferedAmount > this.#highWaterMark) return 'dropped';
    socket.send(data);
    return 'sent';
  }

  close(code = 1000, reason = ''): void {
    const s = this.state;
    if (s === 'closed' || s === 'closing') return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#clearConnectTimer();
    if (s !== 'idle' && s !== 'reconnecting') this.#machine.to('closing');
    this.#dropSocket(code, reason);
    this.#machine.to('closed');
    this.#events.clear();
  }

  #open(): void {
    const Ctor = this.#Ctor ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor) {
      this.#machine.to('closed');
      this.#events.emit('error', new TransportError('NO_WEBSOCKET', 'pass options.WebSocket'));
      return;
    }
    this.#machine.to('connecting');
    const attempt = ++this.#attempt;
    if (this.#connectTimeoutMs > 0) {
      this.#connectTimer = setTimeout(() => {
        this.#connectTimer = null;
        if (!this.#current(attempt)) return;
        this.lose(new TransportError('CONNECT_TIMEOUT', `${this.#connectTimeoutMs} ms`));
      }, this.#connectTimeoutMs);
    }
    const getToken = this.#getToken;
    const url = this.#urls[this.#urlIndex]!;
    if (!getToken) {
      this.#dial(Ctor, url);
      return;
    }
    callGetToken(getToken, (r) => {
      if (!this.#current(attempt)) return;
      if (r.ok) this.#dial(Ctor, withToken(url, r.token));
      else this.#tokenFailed(r.error);
    });
  }

  /** True while `attempt` is the attempt in progress (nothing closed, lost or superseded it). */
  #current(attempt: number): boolean {
    return this.#attempt === attempt && this.state === 'connecting';
  }

  /** `getToken` failed: report it, then retry on the backoff schedule like a failed connect. */
  #tokenFailed(cause: unknown): void {
    const detail = cause instanceof Error ? cause.message : String(cause);
    const error = new TransportError('TOKEN_FAILED', detail, undefined, { cause });
    this.#events.emit('error', error);
    this.#lost(error);
  }

  #dial(Ctor: WebSocketConstructor, url: string): void {
    let socket: WebSocketLike;
    try {
      socket = new Ctor(url);
    } catch (e) {
      // A constructor's SyntaxError quotes the URL: TransportError redacts its token.
      this.#lost(new TransportError('CONNECT_FAILED', String(e)));
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#clearConnectTimer();
      this.#openedAt = Date.now();
      const reconnected = this.#everOpened;
      this.#everOpened = true;
      this.#machine.to('open');
      this.#events.emit('open', { reconnected });
    };
    socket.onmessage = ((ev: MessageEventLike) => {
      if (this.#socket !== socket) return;
      const { data } = ev;
      if (data instanceof ArrayBuffer) this.#events.emit('message', new Uint8Array(data));
      else if (ArrayBuffer.isView(data)) {
        this.#events.emit('message', new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } else this.#events.emit('error', new TransportError('TEXT_FRAME'));
    }) as (ev: never) => void;
    socket.onclose = ((ev: CloseEventLike) => {
      if (this.#socket !== socket) return;
      const wasOpen = this.state === 'open';
      this.#socket = null;
      const reason = redactToken(ev.reason);
      const detail = `code ${ev.code}${reason ? ` ${reason}` : ''}`;
      if (isPermanentClose(ev.code)) {
        this.#fail(new TransportError('REFUSED', detail, ev.code, { closeReason: reason }));
        return;
      }
      const code = wasOpen ? 'CLOSED_BY_PEER' : 'CONNECT_FAILED';
      this.#lost(new TransportError(code, detail, ev.code, { closeReason: reason }));
    }) as (ev: never) => void;
    // A failed socket always fires close after error; the close handler does the work.
    socket.onerror = () => {};
  }

  lose(error: TransportError): void {
    const s = this.state;
    if (s !== 'open' && s !== 'connecting') return;
    this.#dropSocket(error.closeCode, error.code);
    this.#events.emit('error', error);
    this.#lost(error);
  }

  #clearConnectTimer(): void {
    if (this.#connectTimer) clearTimeout(this.#connectTimer);
    this.#connectTimer = null;
  }

  /** The socket went away without `close()`: retry on the schedule, or end with the error. */
  #lost(error: TransportError): void {
    this.#socket = null;
    this.#clearConnectTimer();
    this.#urlIndex = (this.#urlIndex + 1) % this.#urls.length;
    // A link that stayed up starts the schedule over; one the peer dropped at once (4409, 4429: the
    // relay completes the upgrade, then refuses) is one more failed attempt, so it backs off.
    if (this.#openedAt !== null && Date.now() - this.#openedAt >= STABLE_OPEN_MS) this.#backoff?.reset();
    this.#openedAt = null;
    const delay = this.#backoff?.next() ?? null;
    if (delay === null) {
      this.#fail(this.#backoff ? new TransportError('RETRIES_EXHAUSTED', error.message) : error);
      return;
    }
    this.#machine.to('reconnecting');
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.state === 'reconnecting') this.#open();
    }, delay);
  }

  /** Ends for good with `error` (no retry): `closed`, the error reported, handlers dropped. */
  #fail(error: TransportError): void {
    this.#socket = null;
    this.#clearConnectTimer();
    this.#machine.to('closed');
    this.#events.emit('error', error);
    this.#events.clear();
  }

  #dropSocket(code: number, reason: string): void {
    const socket = this.#socket;
    this.#socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    // Keep swallowing errors from the abandoned socket (ws emits one when closed while connecting).
    socket.onerror = () => {};
    try {
      socket.close(code, reason);
    } catch {
      // Closing a socket that never connected can throw in some implementations; it is gone either way.
    }
  }
}
