export {
  StreamContext,
  type StreamContextValue,
  type StreamEngine,
  useEnsureEngine,
  useMaybeStreamContext,
  useStreamContext,
} from './context';
export type { ReadonlyStore } from './idle';
export { StatsOverlay, type StatsOverlayProps } from './StatsOverlay';
export { StreamReceiver, type StreamReceiverProps } from './StreamReceiver';
export { StreamSource, type StreamSourceProps } from './StreamSource';
export { useCompositionLayers } from './useCompositionLayers';
export { useConnectionState } from './useConnectionState';
export { useQuality } from './useQuality';
export { type InputEventOf, useStreamInput } from './useStreamInput';
export {
  type StreamInputs,
  type StreamReceiverHtmlProps,
  type UseStreamReceiverOptions,
  type UseStreamReceiverResult,
  useStreamReceiver,
} from './useStreamReceiver';
export {
  type SourceCanvas,
  type StreamSourceHtmlProps,
  type StreamSourceMode,
  type StreamSourceQuality,
  type UseStreamSourceOptions,
  type UseStreamSourceResult,
  useStreamSource,
} from './useStreamSource';
export { useStreamStats } from './useStreamStats';
export { useVoiceInput, useVoiceIntents } from './useVoice';
