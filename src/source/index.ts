export { type Canvas2DLike, type CanvasLike, createCanvasCapture } from './capture';
export { type CompressedEncoderOptions, createCompressedEncoder } from './compressed-encoder';
export { createDeltaEncoder } from './delta-encoder';
export {
  BUILTIN_ENCODERS,
  createPixelEncoder,
  DELTA_KEYFRAME_INTERVAL,
} from './encoders';
export type { CaptureSchedule } from './frame-clock';
export type { SourceLiveSettings } from './live-types';
export { createSignalEncoder } from './signal-encoder';
export { createSourceEngine } from './source-engine';
export { initialSourceState } from './store';
export type {
  CapturedFrame,
  CaptureTarget,
  EncodeContext,
  EncodedFrame,
  EncoderFactoryOptions,
  EncoderInput,
  FrameCapture,
  FrameEncoder,
  FrameEncoderFactory,
  ImageEncodeFn,
  InputHandler,
  InputOfKind,
  InputOrigin,
  SourceCompositionLayer,
  SourceEngine,
  SourceEngineOptions,
  SourceLayerState,
  SourceLayersState,
  SourceState,
} from './types';
export {
  attachVoiceIntents,
  type VoiceChunk,
  type VoiceIntent,
  type VoiceIntentOptions,
  type VoiceIntentResult,
  type VoiceRecognizer,
} from './voice-intents';
