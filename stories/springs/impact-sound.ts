// A short percussive "thunk" per impact, synthesised with WebAudio into a bus node. The bus is
// what the source streams (`audioNode`); it is not connected to the speakers on the source side,
// so in a side-by-side story the sound you hear is the one that crossed the wire.

/** The impact sound: the node to stream and a trigger. @public */
export interface ImpactSound {
  /** The bus every impact plays into. */
  readonly node: AudioNode;
  /** Plays one impact; `strength` 0..1 sets pitch and loudness. */
  play(strength: number): void;
}

/**
 * Creates the impact sound on an audio context.
 * @example
 * ```ts
 * const sound = createImpactSound(new AudioContext());
 * app.onImpact((hit) => sound.play(hit.strength));
 * ```
 * @public
 */
export function createImpactSound(ctx: AudioContext): ImpactSound {
  const bus = ctx.createGain();
  bus.gain.value = 0.8;
  return {
    node: bus,
    play(strength) {
      if (ctx.state !== 'running') return;
      const now = ctx.currentTime;
      const osc = ctx.createOscillator();
      const env = ctx.createGain();
      osc.type = 'triangle';
      osc.frequency.setValueAtTime(180 + 420 * strength, now);
      osc.frequency.exponentialRampToValueAtTime(60, now + 0.18);
      env.gain.setValueAtTime(0.0001, now);
      env.gain.exponentialRampToValueAtTime(0.2 + 0.6 * strength, now + 0.005);
      env.gain.exponentialRampToValueAtTime(0.0001, now + 0.2);
      osc.connect(env).connect(bus);
      osc.start(now);
      osc.stop(now + 0.22);
    },
  };
}
