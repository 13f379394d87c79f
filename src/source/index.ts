export type {
  CapturedFrame,
  CaptureTarget,
  EncodeContext,
  EncodedFrame,
  EncoderInput,
  FrameCapture,
  FrameEncoder,
  FrameEncoderFactory,
  InputHandler,
  SourceEngine,
  SourceEngineOptions,
  SourceState,
} from './types';
