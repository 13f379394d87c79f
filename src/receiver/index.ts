export {
  baseLayer,
  type Composite2DLike,
  type CompositeLayerState,
  type CompositeReceiver,
  type CompositeReceiverOptions,
  type CompositeState,
  type Compositor,
  type CompositorOptions,
  createCompositeReceiver,
  createCompositor,
  drawOrder,
  type InputRouting,
  type LayerCanvas,
  layerAt,
  type PaintLayer,
  type PictureSize,
  paintComposite,
  regionContains,
  toLayerPoint,
} from './composition/index';
export { type BoxLike, modifiersOf, scaleToSource } from './input-capture';
export {
  type MidiAccessLike,
  type MidiCapture,
  type MidiInputLike,
  midiInputsOf,
  startMidiCapture,
} from './midi-capture';
export { createReceiverEngine } from './receiver-engine';
export {
  BUILTIN_RENDERERS,
  createCompressedRenderer,
  createRasterRenderer,
  createSignalRenderer,
} from './renderers';
export { initialReceiverState } from './store';
export { createCanvasSurface, type Surface2DLike, type SurfaceCanvasLike } from './surface';
export type {
  FrameRenderer,
  FrameRendererFactory,
  ReceiverEngine,
  ReceiverEngineOptions,
  ReceiverInputOptions,
  ReceiverState,
  RendererContext,
  RenderSurface,
} from './types';
export { startVoiceCapture, type VoiceCapture, type VoiceCaptureOptions } from './voice-capture';
export type { VoiceGateMode, VoiceGateOptions } from './voice-gate';
