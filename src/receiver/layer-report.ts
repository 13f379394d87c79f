import { decodeLayerReport, type Message, QualityLayer } from '../protocol/index';
import type { LayerName, QualityState, StreamMode } from '../quality/ladder';

const NAMES: Readonly<Record<number, LayerName>> = {
  [QualityLayer.Lossless]: 'lossless',
  [QualityLayer.Lossy]: 'lossy',
  [QualityLayer.Signal]: 'signal',
};

/** The mode a receiver on `layer` gets: lossless is delta or raw pixels (whichever arrives). */
function modeOf(layer: LayerName, current: StreamMode | null): StreamMode {
  if (layer === 'lossy') return 'compressed';
  if (layer === 'signal') return 'signal';
  return current === 'pixel' ? 'pixel' : 'delta';
}

/**
 * The receiver's own LayerReport (the relay sends one entry, its own) as the `quality` its store
 * shows: the layer it is on, the mode of that layer's frames, and the relay's reason. `null` when
 * the report puts it on no layer (the channel is not layered).
 * @internal
 */
export function receiverQuality(
  message: Message,
  current: { mode: StreamMode | null; fps: number; rttMs: number | null },
): QualityState | null {
  const own = decodeLayerReport(message)[0];
  const layer = own && NAMES[own.layer];
  if (!own || !layer) return null;
  return {
    layer,
    level: modeOf(layer, current.mode),
    fps: current.fps,
    reason: own.reason,
    pinned: false,
    estimates: { rttMs: current.rttMs, bandwidthBps: null, lagFrames: null },
  };
}
