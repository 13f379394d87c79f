export type {
  FrameRenderer,
  FrameRendererFactory,
  PixelBuffer,
  ReceiverEngine,
  ReceiverEngineOptions,
  ReceiverInputOptions,
  ReceiverState,
  RendererContext,
  RenderSurface,
} from './types';
