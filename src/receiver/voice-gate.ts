// Decides which microphone chunks are speech worth streaming: push-to-talk (the app holds a
// switch) or voice activity (RMS above a threshold). A short pre-roll is sent at the start so a
// word's first consonant is not clipped, and a hangover after the last loud chunk keeps a
// word's quiet tail and lets the source see the word end.
import { MediaError } from '../media/errors';

/** How the microphone is gated. @public */
export type VoiceGateMode = 'voice-activity' | 'push-to-talk';

/** Settings of the voice gate. @public */
export interface VoiceGateOptions {
  /**
   * `voice-activity` streams while the level is above `thresholdDb`; `push-to-talk` while the app
   * holds `talk(true)`.
   * @defaultValue 'voice-activity'
   */
  mode?: VoiceGateMode;
  /**
   * Voice-activity level, dBFS RMS of a 20 ms chunk.
   * @defaultValue -45
   */
  thresholdDb?: number;
  /**
   * Audio kept from before the gate opens, ms.
   * @defaultValue 200
   */
  preRollMs?: number;
  /**
   * How long the gate stays open after the last loud chunk, ms.
   * @defaultValue 600
   */
  hangoverMs?: number;
}

/** What to send for one chunk. @internal */
export interface GateOutput {
  chunks: Float32Array[];
  /** The first of `chunks` opens an utterance. */
  start: boolean;
  /** The utterance ended after `chunks`. */
  end: boolean;
}

/** dBFS RMS of samples (−Infinity for digital silence). @internal */
export function levelDb(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return 10 * Math.log10(s / Math.max(1, x.length));
}

/** The gate; feed it 20 ms chunks in order. @internal */
export class VoiceGate {
  readonly #mode: VoiceGateMode;
  readonly #threshold: number;
  readonly #preRoll: number;
  readonly #hangover: number;
  #held: Float32Array[] = [];
  #open = false;
  #quietMs = 0;
  #talking = false;

  /** @throws MediaError `BAD_INPUT` for a threshold that is not finite, or a pre-roll or hangover not finite and >= 0 */
  constructor(o: VoiceGateOptions = {}) {
    this.#mode = o.mode ?? 'voice-activity';
    this.#threshold = o.thresholdDb ?? -45;
    this.#preRoll = o.preRollMs ?? 200;
    this.#hangover = o.hangoverMs ?? 600;
    // A NaN or infinite pre-roll would keep every silent chunk; a NaN hangover never closes.
    if (!Number.isFinite(this.#threshold))
      throw new MediaError('BAD_INPUT', `thresholdDb ${this.#threshold}`);
    for (const [name, ms] of [
      ['preRollMs', this.#preRoll],
      ['hangoverMs', this.#hangover],
    ] as const) {
      if (!(Number.isFinite(ms) && ms >= 0)) throw new MediaError('BAD_INPUT', `${name} ${ms}`);
    }
  }

  /** Push-to-talk switch (ignored in voice-activity mode). */
  talk(on: boolean): void {
    this.#talking = on;
  }

  /** One chunk of `ms` milliseconds in; what to send out. */
  push(chunk: Float32Array, ms: number): GateOutput {
    const loud = this.#mode === 'push-to-talk' ? this.#talking : levelDb(chunk) >= this.#threshold;
    if (!this.#open) {
      if (!loud) {
        this.#held.push(chunk);
        while (this.#held.length * ms > this.#preRoll) this.#held.shift();
        return { chunks: [], start: false, end: false };
      }
      this.#open = true;
      this.#quietMs = 0;
      const chunks = [...this.#held, chunk];
      this.#held = [];
      return { chunks, start: true, end: false };
    }
    this.#quietMs = loud ? 0 : this.#quietMs + ms;
    // Push-to-talk closes at once on release; voice activity after the hangover.
    const close = this.#mode === 'push-to-talk' ? !loud : this.#quietMs >= this.#hangover;
    if (close) this.#open = false;
    return { chunks: this.#mode === 'push-to-talk' && close ? [] : [chunk], start: false, end: close };
  }
}
