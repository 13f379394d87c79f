import type { ResolvedRelayOptions } from './options';

/** Limits of one receiver's input: the `input*` options, as `RelayOptions` documents them. @internal */
export type InputLimits = Pick<
  ResolvedRelayOptions,
  'inputRate' | 'inputBurst' | 'inputBytesRate' | 'inputBytesBurst' | 'inputDropLimit' | 'inputDropWindowMs'
>;

/** What `InputBudget.take` decided for one message. @internal */
export const InputVerdict = {
  /** Within budget: forward it. */
  Pass: 0,
  /** Over the message budget: drop it. */
  OverMessages: 1,
  /** Over the byte budget: drop it. */
  OverBytes: 2,
  /** Dropped, and this receiver has now dropped more than `inputDropLimit` in the window: close it. */
  Abuse: 3,
} as const;
/** @internal */
export type InputVerdict = (typeof InputVerdict)[keyof typeof InputVerdict];

/**
 * One receiver's input budget: two token buckets (messages and bytes) that start full and
 * refill continuously. A message is let through only when both buckets hold enough; a dropped
 * message takes nothing from either, so a flooder that pauses recovers at the refill rate.
 * A person never reaches the defaults (pointer, keys, touch and gamepad at display rate are a
 * few hundred messages a second), so any sustained drop means a broken or hostile client:
 * past `inputDropLimit` drops in one window the verdict is `Abuse`.
 * @internal
 */
export class InputBudget {
  private messages: number;
  private bytes: number;
  private last: number;
  private windowStart: number;
  private windowDrops = 0;
  /** Messages dropped over this receiver's life. */
  dropped = 0;

  constructor(
    private readonly limits: InputLimits,
    now: number,
  ) {
    this.messages = limits.inputBurst;
    this.bytes = limits.inputBytesBurst;
    this.last = now;
    this.windowStart = now;
  }

  /** Charges one message of `size` bytes at time `now` (ms, monotonic). */
  take(size: number, now: number): InputVerdict {
    const l = this.limits;
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.messages = Math.min(l.inputBurst, this.messages + elapsed * l.inputRate);
    this.bytes = Math.min(l.inputBytesBurst, this.bytes + elapsed * l.inputBytesRate);
    if (this.messages >= 1 && this.bytes >= size) {
      this.messages -= 1;
      this.bytes -= size;
      return InputVerdict.Pass;
    }
    this.dropped++;
    if (now - this.windowStart >= l.inputDropWindowMs) {
      this.windowStart = now;
      this.windowDrops = 0;
    }
    if (++this.windowDrops > l.inputDropLimit) return InputVerdict.Abuse;
    return this.messages < 1 ? InputVerdict.OverMessages : InputVerdict.OverBytes;
  }
}
