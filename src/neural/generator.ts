// Model A at run time: renders a springs signal state with the shipped generator.
import * as tf from '@tensorflow/tfjs-core';
import type { SignalState } from '../protocol/index';
import { initNeuralBackend, type NeuralBackendOptions, scoped, upscaleToRgba } from './backend';
import { NeuralError } from './errors';
import { generate } from './generator-model';
import { loadParams } from './load';
import { SPRINGS_GENERATOR_WEIGHTS } from './models/springs-generator';
import type { Params } from './ops';
import { STATE_SIZE, springsVector, VIEW_HEIGHT, VIEW_WIDTH } from './springs-state';

/** A loaded generator. @public */
export interface SpringsGenerator {
  /**
   * Renders the state as opaque RGBA at `width` x `height` (default the demo's 600x400; the
   * model draws 150x100 and scales up bilinearly).
   * @throws NeuralError `BAD_STATE` when the state is not a 600x400 three-body springs view
   */
  render(state: SignalState, width?: number, height?: number): Uint8ClampedArray;
}

let params: Params | null = null;

/**
 * Starts the backend and loads the shipped generator (weights decoded once per page).
 * @example
 * ```ts
 * const gen = await loadSpringsGenerator();
 * ctx.putImageData(new ImageData(gen.render(app.signal()), 600, 400), 0, 0);
 * ```
 * @public
 */
export async function loadSpringsGenerator(options?: NeuralBackendOptions): Promise<SpringsGenerator> {
  await initNeuralBackend(options);
  params ??= loadParams(SPRINGS_GENERATOR_WEIGHTS);
  const p = params;
  return {
    render(state, width = VIEW_WIDTH, height = VIEW_HEIGHT) {
      const v = springsVector(state);
      if (!v)
        throw new NeuralError('BAD_STATE', 'the generator knows 600x400 springs views with three bodies');
      return scoped(() => upscaleToRgba(generate(p, tf.tensor2d(v, [1, STATE_SIZE])), width, height));
    },
  };
}
