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
