export {
  type AudioMessageDecoder,
  type AudioMessageDecoderOptions,
  type AudioMessageEncoder,
  type AudioMessageEncoderOptions,
  type AudioWireCodec,
  createAudioMessageDecoder,
  createAudioMessageEncoder,
} from './audio-messages';
export { isMediaError, MediaError, type MediaErrorCode } from './errors';
export {
  type DecodedPicture,
  decodeCompressedFrame,
  decodeCompressedPicture,
  decodeImage,
} from './image-decoder';
export { LOG_MEL, logMel, logMelFrameCount, resampleLinear } from './log-mel';
export {
  createOpusDecoder,
  type DecodedAudio,
  type OpusDecoder,
  type OpusDecoderOptions,
} from './opus-decoder';
export {
  createOpusEncoder,
  isOpusSupported,
  OPUS_FRAME_MS,
  type OpusConfig,
  type OpusEncoder,
  type OpusEncoderOptions,
  type OpusPacket,
} from './opus-encoder';
export {
  DEFAULT_WEBP_QUALITY,
  type EncodedImage,
  encodeCompressedFrame,
  encodeImage,
  type ImageEncodeMime,
  type ImageEncodeOptions,
  type ImageSource,
  isWebpEncodeSupported,
} from './webp-encoder';
