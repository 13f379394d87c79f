// Which quality layers an adaptive source offers, what each one encodes, and which of them it
// produces: pure functions of the modes the app allows and the relay's LayerReport.
import { LAYERS, type LayerAssignment, type LayerId, layerBit, QualityLayer } from '../protocol/index';
import { type LadderMode, type LayerName, ladderIndex, type StreamMode } from './ladder';

export type { LayerName };

/** Name of each real layer. @public */
export const LAYER_NAME: Readonly<Record<LayerId, LayerName>> = { 1: 'lossless', 2: 'lossy', 3: 'signal' };

/** Mode each real layer streams in, by layer (only the layers on offer). @internal */
export type LayerModes = Partial<Record<LayerId, LadderMode>>;

/**
 * What each layer encodes, from the ladder modes the source may use (the app's `modes`,
 * `minMode`/`maxMode`, and what the engine can encode): lossless is delta (deflated keyframes,
 * then XOR deltas) where delta is allowed and raw pixels where only pixel is; lossy is
 * compressed (WebP); signal is signal. A layer none of whose modes is allowed is not offered.
 * @internal
 */
export function planLayers(allowed: readonly LadderMode[]): LayerModes {
  const plan: LayerModes = {};
  if (allowed.includes('delta')) plan[QualityLayer.Lossless] = 'delta';
  else if (allowed.includes('pixel')) plan[QualityLayer.Lossless] = 'pixel';
  if (allowed.includes('compressed')) plan[QualityLayer.Lossy] = 'compressed';
  if (allowed.includes('signal')) plan[QualityLayer.Signal] = 'signal';
  return plan;
}

/** The LayerOffer mask of a plan (0 for an empty one). @internal */
export function offerMask(plan: LayerModes): number {
  let mask = 0;
  for (const l of LAYERS) if (plan[l] !== undefined) mask |= layerBit(l);
  return mask;
}

/** The layer frames of `mode` travel on (`neural` has none: 0). @internal */
export function layerOfMode(mode: StreamMode): QualityLayer {
  switch (mode) {
    case 'pixel':
    case 'delta':
      return QualityLayer.Lossless;
    case 'compressed':
      return QualityLayer.Lossy;
    case 'signal':
      return QualityLayer.Signal;
    default:
      return QualityLayer.None;
  }
}

/** The ladder modes allowed between `bestIndex` and `worstIndex` (a controller config's range). @internal */
export function modesInRange(
  available: readonly boolean[],
  bestIndex: number,
  worstIndex: number,
  ladder: readonly LadderMode[],
): LadderMode[] {
  return ladder.filter(
    (m, i) => available[i] === true && i >= bestIndex && i <= worstIndex && ladderIndex(m) >= 0,
  );
}

/**
 * The layers to produce: those of the plan some receiver is on; with nobody on any offered layer
 * (no receivers, or none assigned yet), the best offered layer only, so the relay keeps a current
 * picture for the next joiner. Best first.
 * @internal
 */
export function demandedLayers(plan: LayerModes, assignments: Iterable<LayerAssignment>): LayerId[] {
  const on = new Set<number>();
  for (const a of assignments) on.add(a.layer);
  const offered = LAYERS.filter((l) => plan[l] !== undefined);
  const demanded = offered.filter((l) => on.has(l));
  if (demanded.length > 0) return demanded;
  return offered.slice(0, 1);
}
