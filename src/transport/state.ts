import { TransportError } from './errors';

/**
 * Lifecycle of a transport. A reconnecting transport goes `open → reconnecting → connecting`
 * and opens a new socket each attempt; `closed` is final and never resurrected.
 * @public
 */
export type TransportState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closing' | 'closed';

/**
 * Legal transitions. Anything else is a bug in the transport and throws
 * (noVNC logs and silently returns; we would rather fail loudly in tests).
 * @internal
 */
export const TRANSITIONS: Readonly<Record<TransportState, readonly TransportState[]>> = {
  idle: ['connecting', 'closed'],
  connecting: ['open', 'reconnecting', 'closing', 'closed'],
  open: ['reconnecting', 'closing', 'closed'],
  reconnecting: ['connecting', 'closing', 'closed'],
  closing: ['closed'],
  closed: [],
};

/** True when `from → to` is in the transition table. @internal */
export function isLegalTransition(from: TransportState, to: TransportState): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Holds a `TransportState` and moves it only along the table.
 * @throws TransportError `ILLEGAL_TRANSITION` on a move the table does not allow
 * @internal
 */
export class TransportStateMachine {
  #state: TransportState = 'idle';
  readonly #onChange: (next: TransportState, prev: TransportState) => void;

  constructor(onChange: (next: TransportState, prev: TransportState) => void) {
    this.#onChange = onChange;
  }

  /** The current state. */
  get state(): TransportState {
    return this.#state;
  }

  /** Moves to `next`, or throws when the table forbids it. */
  to(next: TransportState): void {
    const prev = this.#state;
    if (!isLegalTransition(prev, next)) throw new TransportError('ILLEGAL_TRANSITION', `${prev} → ${next}`);
    this.#state = next;
    this.#onChange(next, prev);
  }
}
