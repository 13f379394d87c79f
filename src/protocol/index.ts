export { BCI_HEADER_SIZE, MAX_BCI_CHANNELS, MAX_BCI_FRAMES } from './bci';
export {
  COMPOSITION_LAYER_NAME,
  type CompositionLayer,
  compositeSize,
  decodeLayerDirectory,
  decodeLayerPlacement,
  encodeLayerDirectory,
  encodeLayerPlacement,
  LAYER_DIRECTORY_HEADER_SIZE,
  LAYER_FLAG_INPUT,
  LAYER_FLAG_ONLINE,
  LAYER_PLACEMENT_SIZE,
  type LayerDirectory,
  type LayerPlacement,
  MAX_DIRECTORY_LAYERS,
} from './composition';
export {
  DEFAULT_MAX_PAYLOAD,
  Flag,
  FrameType,
  frameTypeName,
  HEADER_SIZE,
  InputType,
  inputTypeName,
  isFrameType,
  isInputType,
} from './constants';
export {
  type ControlMeta,
  decodeStreamStatus,
  encodeEnd,
  encodeKeyframeRequest,
  encodePing,
  encodePong,
  encodeStreamStatus,
  MAX_PING_PAYLOAD,
  type PingMeta,
  STREAM_STATUS_PAYLOAD_SIZE,
  StreamStatusCode,
  type StreamStatusInfo,
  type StreamStatusKind,
} from './control';
export { isProtocolError, ProtocolError, type ProtocolErrorCode } from './errors';
export {
  DEFAULT_FRAGMENT_LIMIT,
  FRAGMENT_HEADER_SIZE,
  FragmentError,
  type FragmentErrorCode,
  type FragmentHeader,
  fragmentIdAfter,
  fragmentMessage,
  MAX_FRAGMENTS,
  readFragmentHeader,
} from './fragment';
export { frameFlagsError, isPictureKeyframe } from './frame-rules';
export {
  messageSize,
  peekFlags,
  peekPayloadLength,
  peekSeq,
  peekTimestamp,
  peekType,
  readHeader,
  writeHeader,
} from './header';
export {
  type AckInput,
  type AppInputEvent,
  type BciInput,
  decodeInput,
  encodeInput,
  type GamepadAxisInput,
  type GamepadButtonInput,
  type InputEvent,
  type InputKind,
  inputPayloadSize,
  inputTypeCode,
  isAppInput,
  type KeyframeRequestInput,
  type KeyInput,
  type MidiInput,
  Modifier,
  type PointerInput,
  type ResizeInput,
  type ScrollInput,
  type TouchInput,
  type VoiceInput,
} from './input';
export {
  decodeLayerOffer,
  decodeLayerReport,
  encodeLayerKeyframeRequest,
  encodeLayerOffer,
  encodeLayerReport,
  frameLayer,
  LAYER_FLAG_MASK,
  LAYER_NAMES,
  LAYER_OFFER_BITS,
  LAYER_REPORT_ENTRY_SIZE,
  LAYER_REPORT_HEADER_SIZE,
  LAYERS,
  type LayerAssignment,
  type LayerId,
  LayerReason,
  type LayerReasonName,
  layerBit,
  layerFlagsError,
  offeredLayers,
  QualityLayer,
  withLayer,
} from './layers';
export { allocMessage, decodeMessage, encodeMessage } from './message';
export { isPictureType, PictureGate, type PictureGateOptions } from './picture-gate';
export { MessageReader } from './reader';
export { type Reassembled, Reassembler, type ReassemblerOptions } from './reassembler';
export {
  decodeRoster,
  encodeRoster,
  MAX_ROSTER_IDS,
  ROSTER_HEADER_SIZE,
  RosterCode,
  type RosterInfo,
  type RosterKind,
} from './roster';
export {
  decodeRtcHello,
  decodeRtcSignal,
  encodeRtcHello,
  encodeRtcSignal,
  isRtcMessage,
  MAX_RTC_SIGNAL_BYTES,
  RTC_HELLO_VERSION,
  type RtcSignal,
  RtcSignalCode,
} from './rtc-signal';
export { checkSignalPayload, MAX_SIGNAL_BYTES } from './signal-check';
export {
  checkSignalDepth,
  diffSignal,
  type JsonValue,
  MAX_SIGNAL_DEPTH,
  mergeSignal,
  type SignalState,
} from './signal-merge';
export type { DecodeOptions, Header, HeaderInit, Message } from './types';
export {
  MAX_VOICE_DATA,
  pcmVoiceData,
  VOICE_HEADER_SIZE,
  VoiceCodec,
  VoiceFlag,
  voicePcmSamples,
} from './voice';
