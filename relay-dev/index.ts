// @ds-stream/react/relay: the relay as a library (Node only).
export { createToken, type Role, verifyToken } from './auth';
export type { ChannelState } from './channel-state';
export type { ChannelStore } from './channel-store';
export {
  type ClusterStats,
  type NatsState,
  NatsUnavailableError,
  type RelayNatsOptions,
} from './cluster/index';
export { RelayCloseCode, RelayError, type RelayErrorCode } from './errors';
export { LAYER_POLICY_DEFAULTS, type LayerPolicyOptions } from './layers/layer-policy';
export { createLinkShaper, type LinkShaper, type LinkShaperOptions } from './link-shaper';
export type { RelayLogger } from './logger';
export { RELAY_DEFAULTS, type RelayLogLevel, type RelayOptions } from './options';
export { createRelay } from './relay';
export type { Relay, RelayStats } from './relay-api';
