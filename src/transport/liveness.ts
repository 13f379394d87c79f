import { TransportError } from './errors';
import type { Transport } from './types';

/** Default `maxMissedPongs`: three pings in a row without an answer. @internal */
export const DEFAULT_MAX_MISSED_PONGS = 3;

/**
 * Half-open detection for an engine's ping loop: a TCP link whose peer vanished (NAT timeout,
 * sleeping laptop, dead relay host) can look open for minutes. Each ping counts as unanswered until
 * anything arrives from the peer (a Pong, or any other message: a congested downlink delays Pongs
 * behind frames, and must not read as dead); after `max` pings in a row with nothing back the
 * connection is treated as lost, which starts the transport's normal reconnect path.
 * @internal
 */
export class PongWatch {
  readonly #max: number;
  #unanswered = 0;

  /** `max` 0 disables the check. */
  constructor(max: number = DEFAULT_MAX_MISSED_PONGS) {
    this.#max = max;
  }

  /**
   * Called before each ping on an open transport: false when the link is to be given up (then
   * the transport has been told), true when the ping may go out (it then counts as unanswered).
   */
  beforePing(t: Transport): boolean {
    if (this.#max > 0 && this.#unanswered >= this.#max && t.lose) {
      this.#unanswered = 0;
      t.lose(new TransportError('NO_PONG', `${this.#max} pings without a Pong`));
      return false;
    }
    this.#unanswered++;
    return true;
  }

  /** Any message from the peer proves the link alive. */
  alive(): void {
    this.#unanswered = 0;
  }

  /** A new connection starts with a clean count. */
  reset(): void {
    this.#unanswered = 0;
  }
}
