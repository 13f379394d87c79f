// The quality layers of an adaptive source, as its store shows them.
import type { LadderMode, LayerName } from '../quality/index';

/** One quality layer of an adaptive source, as its store shows it. @public */
export interface SourceLayerState {
  /** Mode the layer encodes in (`delta` or `pixel` on lossless, `compressed` on lossy, `signal`). */
  mode: LadderMode;
  /** Frames go out on it now (some receiver is on it, or the relay asked for its keyframe). */
  produced: boolean;
  /** Relay ids of the receivers the relay reports on it. */
  receivers: readonly number[];
  /** Frames per second its controller chose from its own receivers' ACKs. */
  fps: number;
  /** WebP quality 0..1 of the lossy layer; `null` on the others. */
  imageQuality: number | null;
  /** Bytes per second sent on it over the last second or so. */
  bytesPerSec: number;
  /** Why its controller chose its fps. */
  reason: string;
}

/** The layers of an adaptive source. @public */
export interface SourceLayersState {
  /**
   * The relay reported layers (LayerReport), so each layer is produced for its own receivers;
   * `false` before (or with a relay that does not speak layers): one adaptive stream for everyone.
   */
  active: boolean;
  /** Layers in the LayerOffer, best first. */
  offered: readonly LayerName[];
  lossless?: SourceLayerState;
  lossy?: SourceLayerState;
  signal?: SourceLayerState;
}
