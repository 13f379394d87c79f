/**
 * Drops audio chunks of pure digital silence (every sample exactly 0) after the first one of a
 * run, to save bandwidth while the app is quiet; the first chunk with any sound passes at once.
 * Only exact zeros count: quiet but non-zero audio (dither, a fading tail) still streams.
 * @internal
 */
export class SilenceGate {
  #silent = false;

  /** True when this chunk should be sent. */
  pass(samples: Float32Array): boolean {
    const silent = isDigitalSilence(samples);
    const send = !(silent && this.#silent);
    this.#silent = silent;
    return send;
  }

  /** Forgets the run (a new stream starts with its first chunk sent). */
  reset(): void {
    this.#silent = false;
  }
}

/** Every sample is exactly zero (negative zero included). @internal */
export function isDigitalSilence(samples: Float32Array): boolean {
  for (let i = 0; i < samples.length; i++) if (samples[i] !== 0) return false;
  return true;
}
