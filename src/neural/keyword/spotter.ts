// The keyword spotter: one 1 s window of 16 kHz audio in, class probabilities out. Pure
// TypeScript over the shipped uint8 weights (76 KB), so a source needs no tfjs to run it.
import { LOG_MEL, logMel } from '../../media/log-mel';
import { NeuralError } from '../errors';
import { decodeWeights, type FloatTensor, fromBase64 } from '../weights';
import { checkKeywordWeights, forward, KEYWORD_TENSORS } from './cnn';
import { KEYWORD_LABELS, type KeywordLabel } from './labels';
import { KEYWORD_WEIGHTS_BASE64 } from './weights-data';

/** One classified window. @public */
export interface KeywordScores {
  /** The most likely class. */
  label: KeywordLabel;
  /** Its probability, 0..1. */
  confidence: number;
  /** Every class's probability, in `KEYWORD_LABELS` order. */
  probabilities: Float32Array;
}

/** Classifies 1 s windows. @public */
export interface KeywordSpotter {
  /**
   * Classifies exactly 16,000 samples at 16 kHz (-1..1).
   * @throws NeuralError `BAD_STATE` for another length
   */
  classify(window: Float32Array): KeywordScores;
}

/**
 * Loads the spotter, from the shipped weights unless `weights` (a DSNW blob written by
 * `npm run train:voice`) is given.
 * @throws NeuralError `BAD_WEIGHTS` (a malformed blob, one that lacks a tensor, or tensors whose
 * shapes do not fit the network and its eight classes)
 * @example
 * ```ts
 * const spotter = createKeywordSpotter();
 * spotter.classify(oneSecondAt16k).label; // 'stop'
 * ```
 * @public
 */
export function createKeywordSpotter(weights?: Uint8Array): KeywordSpotter {
  const tensors: Map<string, FloatTensor> = decodeWeights(weights ?? fromBase64(KEYWORD_WEIGHTS_BASE64));
  for (const name of KEYWORD_TENSORS) {
    if (!tensors.has(name)) throw new NeuralError('BAD_WEIGHTS', `keyword weights lack tensor ${name}`);
  }
  checkKeywordWeights(tensors, LOG_MEL.windowFrames, LOG_MEL.bands, KEYWORD_LABELS.length);
  return {
    classify(window) {
      if (window.length !== LOG_MEL.sampleRate) {
        throw new NeuralError('BAD_STATE', `a window is ${LOG_MEL.sampleRate} samples, got ${window.length}`);
      }
      const probabilities = forward(tensors, logMel(window), LOG_MEL.windowFrames, LOG_MEL.bands);
      let best = 0;
      for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[best]!) best = i;
      return { label: KEYWORD_LABELS[best]!, confidence: probabilities[best]!, probabilities };
    },
  };
}
