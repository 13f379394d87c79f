import { FrameType } from './constants';
import { isPictureKeyframe } from './frame-rules';
import { peekFlags, peekType } from './header';

/**
 * True for the picture frame types (Pixels, CompressedPixels, DeltaPixels, NeuralFrame): the frames
 * a lossy link may carry, since the picture chain can be restarted from a keyframe.
 * @public
 */
export function isPictureType(type: number): boolean {
  return (
    type === FrameType.Pixels ||
    type === FrameType.CompressedPixels ||
    type === FrameType.DeltaPixels ||
    type === FrameType.NeuralFrame
  );
}

/** Options of a `PictureGate`. @internal */
export interface PictureGateOptions {
  /** Asks the far side for a keyframe (the caller sends a KeyframeRequest). */
  askKeyframe(): void;
  /**
   * Least time between two asks while the chain stays broken (a keyframe may be lost too).
   * @defaultValue 500
   */
  askIntervalMs?: number;
  /** Clock, ms. @defaultValue performance.now */
  now?: () => number;
  /**
   * Start broken (the first picture must be a keyframe). A link whose losses the reassembler
   * counts from its first message (`expectFirst`) can start whole.
   * @defaultValue true
   */
  startBroken?: boolean;
}

/**
 * Keeps a picture chain whole over a lossy stream: once a message was lost (the reassembler's
 * `lost` > 0) the chain is broken, so every non-key picture is dropped until a picture keyframe
 * passes, and a keyframe is asked for. A picture is therefore never drawn on the wrong base: a
 * lost delta, or a lost fragment of one, costs the frames up to the next keyframe, never a torn
 * picture. By default a gate starts broken: the first picture must be a keyframe.
 * @example
 * ```ts
 * const gate = new PictureGate({ askKeyframe: () => send(encodeKeyframeRequest(meta)) });
 * const m = reassembler.push(fragment);
 * if (m && gate.admit(m.message, m.lost)) deliver(m.message);
 * ```
 * @internal
 */
export class PictureGate {
  #broken = true;
  #askedAt = Number.NEGATIVE_INFINITY;
  readonly #o: PictureGateOptions;
  /** Pictures dropped because the chain was broken. */
  dropped = 0;

  constructor(options: PictureGateOptions) {
    this.#o = options;
    this.#broken = options.startBroken ?? true;
  }

  /** True while non-key pictures are being dropped. */
  get broken(): boolean {
    return this.#broken;
  }

  /** Marks the chain broken (the link was switched or restarted) and asks for a keyframe. */
  break(): void {
    this.#broken = true;
    this.#ask(true);
  }

  /**
   * Decides about one whole message that arrived after `lost` lost ones: true to deliver it.
   * Non-picture messages always pass; they never break the chain.
   */
  admit(message: Uint8Array, lost: number): boolean {
    if (lost > 0 && !this.#broken) {
      this.#broken = true;
      this.#ask(true);
    }
    const type = peekType(message);
    if (!isPictureType(type)) return true;
    if (isPictureKeyframe(type, peekFlags(message))) {
      this.#broken = false;
      return true;
    }
    if (!this.#broken) return true;
    this.dropped++;
    this.#ask(false);
    return false;
  }

  #ask(force: boolean): void {
    const now = (this.#o.now ?? (() => performance.now()))();
    if (!force && now - this.#askedAt < (this.#o.askIntervalMs ?? 500)) return;
    this.#askedAt = now;
    this.#o.askKeyframe();
  }
}
