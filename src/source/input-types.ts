// Who sent an input, and the typed handlers the source's `on` takes.
import type { InputEvent, InputKind } from '../protocol/index';

/**
 * Where an input event came from.
 * @public
 */
export interface InputOrigin {
  /**
   * The sending receiver's relay-local id (1..65535, stable for the life of its connection), which
   * the relay stamps on every input it forwards; 0 when the source has no relay in between (a
   * direct transport: one anonymous receiver).
   */
  receiverId: number;
}

/**
 * Handler of one input kind, or of every input with `'*'`: the typed event, then who sent it.
 * @example
 * ```ts
 * source.on('pointerdown', (e, { receiverId }) => cursors.get(receiverId)?.moveTo(e.x, e.y));
 * ```
 * @public
 */
export type InputHandler<K extends InputKind | '*'> = (
  event: K extends InputKind ? InputOfKind<K> : InputEvent,
  origin: InputOrigin,
) => void;

/** The input event type whose `kind` can be `K` (e.g. `KeyInput` for `'keydown'`). @public */
export type InputOfKind<K extends InputKind> = InputEvent extends infer E
  ? E extends { kind: infer KK }
    ? K extends KK
      ? E & { kind: K }
      : never
    : never
  : never;
