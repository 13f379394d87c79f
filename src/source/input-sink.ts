import { type AckInput, decodeInput, type InputEvent, type InputKind, type Message } from '../protocol/index';
import { Emitter } from '../transport/emitter';
import type { InputHandler, InputOrigin } from './types';

type Events = { [K in InputKind | '*']: (ev: InputEvent, origin: InputOrigin) => void };

/**
 * Decoded input messages → the app's handlers, by kind and `'*'`. A handler that throws does
 * not stop the others; its error goes to `onHandlerError` (the engine's store), never rethrown:
 * a rethrow would be an uncaughtException that ends a Node source.
 * @internal
 */
export class InputSink {
  readonly #events: Emitter<Events>;

  constructor(onHandlerError: (error: Error) => void) {
    this.#events = new Emitter<Events>((e) => onHandlerError(e instanceof Error ? e : new Error(String(e))));
  }

  on<K extends InputKind | '*'>(kind: K, handler: InputHandler<K>): () => void {
    return this.#events.on(kind, handler as (ev: InputEvent, origin: InputOrigin) => void);
  }

  /**
   * Decodes and dispatches with the relay-stamped receiver id from the header's `width`; returns the
   * event (or throws `ProtocolError` for a bad message).
   */
  dispatch(message: Message): InputEvent {
    const ev = decodeInput(message);
    const origin: InputOrigin = { receiverId: message.header.width };
    this.#events.emit(ev.kind, ev, origin);
    this.#events.emit('*', ev, origin);
    return ev;
  }

  clear(): void {
    this.#events.clear();
  }
}

/** Type guard for ACK events. @internal */
export function isAck(ev: InputEvent): ev is AckInput {
  return ev.kind === 'ack';
}
