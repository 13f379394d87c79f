// Streaming speech-to-intent over the keyword spotter: audio of any rate in, intents out.
// It slides a 1 s window in 100 ms hops and emits a command only when `agree` consecutive
// windows name the same command above `threshold`; then stays quiet until the windows stop
// naming it, and for one window length (1 s) after it fired: the same word is still in the
// window, and its tail alone can read as another command ("st-op" ending as "up").
import { LOG_MEL, resampleLinear } from '../../media/log-mel';
import { NeuralError } from '../errors';
import type { VoiceCommand } from './labels';
import { createKeywordSpotter, type KeywordSpotter } from './spotter';

/** A recognised command. @public */
export interface RecognizedIntent {
  intent: VoiceCommand;
  /** Mean probability over the agreeing windows, 0..1. */
  confidence: number;
}

/** Options of `createIntentRecognizer`. @public */
export interface IntentRecognizerOptions {
  /**
   * Consecutive windows that must agree.
   * @defaultValue 3
   */
  agree?: number;
  /**
   * Lowest probability a window counts with.
   * @defaultValue 0.6
   */
  threshold?: number;
  /**
   * The spotter to use.
   * @defaultValue `createKeywordSpotter()` (the shipped weights)
   */
  spotter?: KeywordSpotter;
}

/** One stream's recogniser (one per receiver). @public */
export interface IntentRecognizer {
  /** Feeds mono samples; returns the intents they completed (usually none). */
  push(samples: Float32Array, sampleRate: number): RecognizedIntent[];
  /** The utterance ended: flushes with silence so a word at the very end is heard, then resets. */
  end(): RecognizedIntent[];
}

const HOP = LOG_MEL.sampleRate / 10;

/**
 * Creates a streaming recogniser.
 * @throws NeuralError `BAD_STATE` for `agree` < 1 or a threshold outside 0..1
 * @example
 * ```ts
 * const rec = createIntentRecognizer();
 * for (const { intent, confidence } of rec.push(micSamples, 48000)) move(intent);
 * ```
 * @public
 */
export function createIntentRecognizer(options: IntentRecognizerOptions = {}): IntentRecognizer {
  const agree = options.agree ?? 3;
  const threshold = options.threshold ?? 0.6;
  if (!(Number.isInteger(agree) && agree >= 1)) throw new NeuralError('BAD_STATE', `agree ${agree}`);
  if (!(threshold >= 0 && threshold <= 1)) throw new NeuralError('BAD_STATE', `threshold ${threshold}`);
  const spotter = options.spotter ?? createKeywordSpotter();
  const win = new Float32Array(LOG_MEL.sampleRate);
  let pending = 0;
  let run: { label: string; n: number; sum: number } = { label: '', n: 0, sum: 0 };
  let fired = '';
  // Hops left in the hold-off after an intent.
  let holdoff = 0;

  const step = (out: RecognizedIntent[]): void => {
    const s = spotter.classify(win);
    const command =
      s.label !== 'unknown' && s.label !== 'silence' && s.confidence >= threshold ? s.label : '';
    if (command === '' || command !== run.label) {
      run = { label: command, n: 0, sum: 0 };
      if (command !== fired) fired = '';
    }
    if (holdoff > 0) holdoff--;
    if (command === '') return;
    run.n++;
    run.sum += s.confidence;
    if (run.n >= agree && fired !== command && holdoff === 0) {
      fired = command;
      holdoff = LOG_MEL.sampleRate / HOP;
      out.push({ intent: command as VoiceCommand, confidence: run.sum / run.n });
    }
  };

  const feed = (x: Float32Array, out: RecognizedIntent[]): void => {
    let i = 0;
    while (i < x.length) {
      const take = Math.min(HOP - pending, x.length - i);
      win.copyWithin(0, take);
      win.set(x.subarray(i, i + take), win.length - take);
      pending += take;
      i += take;
      if (pending === HOP) {
        pending = 0;
        step(out);
      }
    }
  };

  return {
    push(samples, sampleRate) {
      const out: RecognizedIntent[] = [];
      feed(resampleLinear(samples, sampleRate, LOG_MEL.sampleRate), out);
      return out;
    },
    end() {
      const out: RecognizedIntent[] = [];
      feed(new Float32Array(LOG_MEL.sampleRate), out);
      run = { label: '', n: 0, sum: 0 };
      fired = '';
      holdoff = 0;
      return out;
    },
  };
}
