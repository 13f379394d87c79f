import type { AckInput, InputEvent, InputKind, Message } from '../protocol/index';
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
  readonly #decode: (message: Message) => InputEvent;

  /**
   * `decode` turns a message into an event: `decodeInput`, or the engine's `decodeFixedInput`
   * (it hands VoiceInput and BciInput, decoded once their codec has loaded, to `emit`).
   */
  constructor(onHandlerError: (error: Error) => void, decode: (message: Message) => InputEvent) {
    this.#events = new Emitter<Events>((e) => onHandlerError(e instanceof Error ? e : new Error(String(e))));
    this.#decode = decode;
  }

  on<K extends InputKind | '*'>(kind: K, handler: InputHandler<K>): () => void {
    return this.#events.on(kind, handler as (ev: InputEvent, origin: InputOrigin) => void);
  }

  /**
   * Decodes and dispatches with the relay-stamped receiver id from the header's `width`; returns the
   * event (or throws `ProtocolError` for a bad message).
   */
  dispatch(message: Message): InputEvent {
    const ev = this.#decode(message);
    this.emit(ev, { receiverId: message.header.width });
    return ev;
  }

  /** Hands a decoded event to the handlers of its kind and of `'*'`. */
  emit(ev: InputEvent, origin: InputOrigin): void {
    this.#events.emit(ev.kind, ev, origin);
    this.#events.emit('*', ev, origin);
  }

  clear(): void {
    this.#events.clear();
  }
}

/** Type guard for ACK events. @internal */
export function isAck(ev: InputEvent): ev is AckInput {
  return ev.kind === 'ack';
}
