// `@ds-stream/react/neural`: the trained springs models (tfjs on wasm). A separate, lazily
// loaded entry with tfjs as an optional peer dependency, so the core and React bundles do
// not carry it.
export {
  LATENT_MODEL_ID,
  LATENT_MODEL_VERSION,
  LATENT_SHAPE,
  LATENT_SIZE,
} from './autoencoder-model';
export { initNeuralBackend, type NeuralBackendOptions } from './backend';
export { neuralFrameEncoder, neuralLatentEncoder } from './encoders';
export type {
  NeuralEncoderInput,
  NeuralFrameEncoder,
  NeuralFrameEncoderFactory,
  NeuralRenderer,
  NeuralRendererFactory,
  NeuralRendererHost,
  NeuralSurface,
} from './engine-types';
export { isNeuralError, NeuralError, type NeuralErrorCode } from './errors';
export { loadSpringsGenerator, type SpringsGenerator } from './generator';
export { GENERATOR_ID, GENERATOR_VERSION } from './generator-model';
export * from './keyword/index';
export { type LatentCodec, latentMismatch, loadLatentCodec } from './latent-codec';
export { createLatentRenderer, latentRendererFactory, neuralRenderers } from './latent-renderer';
export {
  MODEL_HEIGHT,
  MODEL_WIDTH,
  STATE_SIZE,
  springsVector,
  VIEW_HEIGHT,
  VIEW_WIDTH,
} from './springs-state';
