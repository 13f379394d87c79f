import type { SignalState } from '../protocol/index';
import type { QualityBounds, StreamMode } from '../quality/index';
import type { SourceCompositionLayer } from './composition-layer';

/**
 * A source's live settings, as a binding (a React hook, a Vue composable, plain code) holds them:
 * `SourceEngine.update` applies what changed since the last call, so a binding can hand it all
 * of them on every render. A field left `undefined` is left as it is.
 * @public
 */
export interface SourceLiveSettings {
  /**
   * A fixed mode pins the quality controller (or sets the mode, without one); `'auto'` unpins it.
   * An engine's first update in `'auto'` leaves it as created, so the controller's own `mode` and
   * `pin` options hold.
   */
  mode?: StreamMode | 'auto' | undefined;
  fps?: number | undefined;
  /** WebP quality of `compressed` mode, 0..1. */
  imageQuality?: number | undefined;
  /** The app state getter of `signal` mode, or null for none (compared by identity). */
  signalState?: (() => SignalState) | null | undefined;
  /**
   * The quality controller's bounds; a bound left out goes back to its default, so removing one
   * lifts the limit. Compared by value. Null: none to apply (no controller, or a ready one).
   */
  bounds?: { [K in keyof QualityBounds]?: QualityBounds[K] | undefined } | null | undefined;
  /** The composition layer's placement (compared by value; its id is fixed for the engine). */
  layer?: SourceCompositionLayer | undefined;
  /** The audio node to stream, or null for none (compared by identity). */
  audioNode?: AudioNode | null | undefined;
}
