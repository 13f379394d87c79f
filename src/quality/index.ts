export { createQualityController, QualityController, type QualityDecision } from './controller';
export { isQualityError, QualityError, type QualityErrorCode } from './errors';
export {
  DEFAULT_THRESHOLDS,
  isLadderMode,
  isStreamMode,
  LADDER_STEPS,
  type LadderMode,
  type LadderStep,
  ladderIndex,
  QUALITY_LADDER,
  type QualityState,
  type QualityThresholds,
  STREAM_MODES,
  type StreamMode,
} from './ladder';
export {
  demandedLayers,
  LAYER_NAME,
  type LayerModes,
  type LayerName,
  layerOfMode,
  offerMask,
  planLayers,
} from './layer-plan';
export { type LayerDecision, LayerQuality, type LayerQualityOptions } from './layer-quality';
export type { AckSample, LinkEstimate, LinkSignals, SentRecord } from './link-estimator';
export { type QualityEvent, reduceQuality, type SentFrame, toQualityState } from './reduce';
export {
  type ControllerConfig,
  type ControllerState,
  createControllerState,
  type QualityBounds,
  type QualityControllerOptions,
} from './state';
