import { Emitter } from '../../src/transport/emitter';
import { type TransportState, TransportStateMachine } from '../../src/transport/state';
import type { SendOptions, SendResult, Transport, TransportEvents } from '../../src/transport/types';

/**
 * One end of an in-memory transport pair. Messages are delivered on a later macrotask (like a
 * socket), and `bufferedAmount` counts bytes sent but not yet delivered, so backpressure is real:
 * `stall()` holds delivery until `resume()`.
 */
export class MemoryTransport implements Transport {
  peer: MemoryTransport | null = null;
  readonly sent: Uint8Array[] = [];
  readonly #events = new Emitter<TransportEvents>();
  readonly #machine = new TransportStateMachine((n, p) => this.#events.emit('state', n, p));
  readonly #queue: Uint8Array[] = [];
  #buffered = 0;
  #stalled = false;
  #opens = 0;
  highWaterMark = 1024 * 1024;

  get state(): TransportState {
    return this.#machine.state;
  }
  get bufferedAmount(): number {
    return this.#buffered;
  }
  on<K extends keyof TransportEvents>(event: K, handler: TransportEvents[K]): () => void {
    return this.#events.on(event, handler);
  }
  connect(): void {
    if (this.state !== 'idle') return;
    this.#machine.to('connecting');
    setTimeout(() => this.#open(), 0);
  }
  #open(): void {
    if (this.state !== 'connecting') return;
    this.#machine.to('open');
    this.#events.emit('open', { reconnected: this.#opens++ > 0 });
  }
  send(data: Uint8Array, options?: SendOptions): SendResult {
    if (this.state !== 'open') return 'not-open';
    if (options?.droppable && this.#buffered > this.highWaterMark) return 'dropped';
    this.sent.push(data);
    this.#queue.push(data);
    this.#buffered += data.length;
    if (!this.#stalled) this.#scheduleFlush();
    return 'sent';
  }
  close(): void {
    if (this.state === 'closed') return;
    if (this.state === 'open' || this.state === 'connecting') this.#machine.to('closing');
    this.#machine.to('closed');
    this.#queue.length = 0;
    this.#buffered = 0;
    this.#events.clear();
  }
  /** Holds outgoing messages (bufferedAmount grows) until `resume()`. */
  stall(): void {
    this.#stalled = true;
  }
  resume(): void {
    this.#stalled = false;
    this.#scheduleFlush();
  }
  /** Simulates a lost link: reconnecting, then open again after `ms`. */
  drop(ms = 5): void {
    if (this.state !== 'open') return;
    this.#queue.length = 0;
    this.#buffered = 0;
    this.#machine.to('reconnecting');
    setTimeout(() => {
      if (this.state !== 'reconnecting') return;
      this.#machine.to('connecting');
      setTimeout(() => this.#open(), 0);
    }, ms);
  }
  /** Delivers bytes as if they came from the peer. */
  receive(data: Uint8Array): void {
    if (this.state === 'open') this.#events.emit('message', data);
  }
  #scheduleFlush(): void {
    setTimeout(() => {
      while (!this.#stalled && this.#queue.length) {
        const m = this.#queue.shift()!;
        this.#buffered -= m.length;
        this.peer?.receive(m);
      }
    }, 0);
  }
}

/** Two connected in-memory transports: what one sends, the other receives. */
export function createTransportPair(): [MemoryTransport, MemoryTransport] {
  const a = new MemoryTransport();
  const b = new MemoryTransport();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
