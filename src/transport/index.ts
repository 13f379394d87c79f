export { type Backoff, type BackoffOptions, backoffDelay, createBackoff, DEFAULT_BACKOFF } from './backoff';
export { type TransportChoice, TransportChoiceError } from './choice';
export { createDataChannelTransport } from './datachannel';
export {
  MAX_FRAGMENT_BYTES,
  PICTURE_LIFETIME_MS,
  PICTURES_CHANNEL,
  RELIABLE_CHANNEL,
} from './datachannel-link';
export {
  type DataChannelTransport,
  type DataChannelTransportOptions,
  DEFAULT_ICE_TIMEOUT_MS,
  type PathCounters,
  type RTCPeerConnectionConstructor,
  type TransportKind,
} from './datachannel-types';
export {
  isPermanentClose,
  isTransportError,
  PERMANENT_CLOSE_CODES,
  TransportError,
  type TransportErrorCode,
  type TransportErrorExtra,
} from './errors';
export { DEFAULT_MAX_MISSED_PONGS } from './liveness';
export { isLegalTransition, type TransportState } from './state';
export { type ConnectionState, connectionStateOf, EMPTY_STATS, type StreamStats } from './stats';
export { redactToken } from './token';
export type { OpenInfo, Role, SendOptions, SendResult, Transport, TransportEvents } from './types';
export { channelUrl, channelUrls, type RelayUrls } from './url';
export {
  createWebSocketTransport,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_HIGH_WATER_MARK,
  STABLE_OPEN_MS,
  type WebSocketConstructor,
  type WebSocketLike,
  type WebSocketTransportOptions,
} from './websocket';
