export {
  type AudioCompressed,
  decodeAudioCompressed,
  encodeAudioCompressed,
} from './audio-compressed';
export { type AudioPcm, decodeAudioPcm, encodeAudioPcm } from './audio-pcm';
export {
  type CompressedMime,
  type CompressedPicture,
  decodeCompressed,
  encodeCompressed,
  sniffImageMime,
} from './compressed';
export type { DeflateLevel } from './deflate';
export {
  applyDelta,
  checkDeltaMessage,
  DELTA_FORMAT,
  DELTA_HEADER_SIZE,
  encodeDelta,
} from './delta';
export type { FrameMeta } from './frame-meta';
export { decodeHaptic, encodeHaptic, HAPTIC_FIXED_SIZE, type HapticCommand } from './haptic';
export {
  decodeNeuralFrame,
  decodeNeuralLatent,
  encodeNeuralFrame,
  encodeNeuralLatent,
  LATENT_FIXED_SIZE,
  LATENT_QUANTISATIONS,
  type LatentQuantisation,
  latentToFloat32,
  type NeuralLatent,
  type NeuralLatentInit,
} from './neural';
export {
  decodePixels,
  encodePixels,
  PIXELS_DEFLATE_FORMAT,
  PIXELS_DEFLATE_HEADER_SIZE,
  type RgbaPicture,
} from './pixels';
export { encodeDeflatedPixels } from './pixels-deflate';
export { decodeFrame, type Frame, type FrameKind } from './registry';
export { decodeSignal, diffSignal, encodeSignalDiff, encodeSignalSync, mergeSignal } from './signal';
