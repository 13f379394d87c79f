import { DEFAULT_MAX_PAYLOAD, HEADER_SIZE } from '../src/protocol/index';
import type { Role } from './auth';
import type { RelayNatsOptions } from './cluster/nats-node';
import { type LayerPolicyOptions, type ResolvedLayerPolicy, resolveLayerPolicy } from './layers/layer-policy';
import type { RelayLogger, RelayLogLevel } from './logger';

export type { RelayLogLevel } from './logger';

/**
 * Options of `createRelay`. Every field is optional; `RELAY_DEFAULTS` holds the defaults.
 * @public
 */
export interface RelayOptions {
  /**
   * TCP port; 0 picks a free one (read it back from `relay.port`).
   * @defaultValue 9100
   */
  port?: number;
  /**
   * Interface to bind.
   * @defaultValue '127.0.0.1'
   */
  host?: string;
  /**
   * Largest payload accepted, in bytes. ws closes larger messages with 1009 before the relay sees them.
   * @defaultValue 16 MiB
   */
  maxPayload?: number;
  /**
   * Receivers allowed on one channel; one more is closed with 4429.
   * @defaultValue 1024
   */
  maxReceiversPerChannel?: number;
  /**
   * Channels allowed on this relay; a peer opening one more is closed with 4429.
   * @defaultValue 1024
   */
  maxChannels?: number;
  /**
   * Composition layers (`?layer=<name>`) allowed on one channel; the source of one more is closed with 4429.
   * @defaultValue 8
   */
  maxCompositionLayers?: number;
  /**
   * Per-receiver send budget in bytes (ws `bufferedAmount`). Past it, the relay drops
   * non-key frames for that receiver only and resynchronises it with a keyframe once it drains.
   * @defaultValue 8 MiB
   */
  maxBufferedBytes?: number;
  /**
   * Bytes of delta frames kept after the last keyframe, so a late joiner or a drained receiver
   * gets keyframe + deltas (the current picture) without asking the source. 0 disables the log.
   * @defaultValue 4 MiB
   */
  maxDeltaLogBytes?: number;
  /**
   * Relay-wide budget for state kept for late joiners (keyframes, delta logs, signal states,
   * all channels; the `ds_relay_retained_bytes` gauge). Over it, idle channels' state goes first
   * (no receivers, least recently active first), then the largest delta logs, then the other
   * channels' state; live delivery never depends on it (a late joiner gets a KeyframeRequest).
   * @defaultValue 256 MiB
   */
  maxRetainedBytes?: number;
  /**
   * Largest merged signal state per channel, in serialised bytes (also the largest SignalSync
   * or SignalDiff payload). A SignalSync over it, or a SignalDiff that could grow the merged
   * state past it, is refused: not retained, not forwarded, counted in
   * `ds_relay_signals_refused_total`; the previous state is kept.
   * @defaultValue 1 MiB
   */
  maxSignalStateBytes?: number;
  /**
   * Interval of WebSocket-level pings to every peer.
   * @defaultValue 10000
   */
  pingIntervalMs?: number;
  /**
   * A peer that has sent nothing and answered no ping for this long is terminated.
   * @defaultValue 30000
   */
  pingTimeoutMs?: number;
  /**
   * Shortest interval between two KeyframeRequests the relay sends to one source.
   * @defaultValue 250
   */
  keyframeRequestIntervalMs?: number;
  /**
   * When a second source arrives on a channel that has one, the relay pings the old one and
   * waits this long for an answer: a silent (half-open) old source is terminated and the new
   * one admitted; one that answers keeps the channel and the newcomer gets 4409.
   * @defaultValue 1000
   */
  sourceProbeMs?: number;
  /**
   * Input messages per second one receiver may send (token bucket refill; every receiver
   * message counts: input, Acks, KeyframeRequests, Pings). The excess is dropped and counted.
   * @defaultValue 1000
   */
  inputRate?: number;
  /**
   * Messages one receiver may send in a burst above `inputRate` (the bucket's size).
   * @defaultValue 2000
   */
  inputBurst?: number;
  /**
   * Input bytes per second one receiver may send (header included).
   * @defaultValue 1 MiB
   */
  inputBytesRate?: number;
  /**
   * Input bytes one receiver may send in a burst (the byte bucket's size).
   * @defaultValue 2 MiB
   */
  inputBytesBurst?: number;
  /**
   * A receiver with more than this many messages dropped for its input budget within one
   * `inputDropWindowMs` is closed with 1008.
   * @defaultValue 1000
   */
  inputDropLimit?: number;
  /**
   * Window over which `inputDropLimit` counts drops.
   * @defaultValue 10000
   */
  inputDropWindowMs?: number;
  /**
   * Shared secret for HMAC tokens (`createToken`). When set, the roles in `requireTokenFor` must
   * present `?token=`.
   * @defaultValue undefined (no auth)
   */
  tokenSecret?: string;
  /**
   * Roles that need a token when `tokenSecret` is set.
   * @defaultValue ['source', 'receiver']
   */
  requireTokenFor?: readonly Role[];
  /**
   * Allowed `Origin` header values; a peer with another origin is closed with 4403. Peers
   * without an Origin header (non-browser clients) are allowed.
   * @defaultValue undefined (any origin)
   */
  allowedOrigins?: readonly string[];
  /**
   * pino log level, used when `logger` is not given.
   * @defaultValue 'silent' under vitest, else 'warn'
   */
  logLevel?: RelayLogLevel;
  /**
   * A pino-compatible logger to use instead of the built-in one.
   * @defaultValue undefined
   */
  logger?: RelayLogger;
  /**
   * Also export Node process metrics (memory, event loop lag) on /metrics.
   * @defaultValue false
   */
  processMetrics?: boolean;
  /**
   * Thresholds of the per-receiver quality-layer choice (docs/RELAY.md "Quality layers").
   * @defaultValue `LAYER_POLICY_DEFAULTS`
   */
  layers?: LayerPolicyOptions;
  /**
   * WebRTC DataChannels (docs/RELAY.md "WebRTC"): `undefined` offers them when the optional peer
   * dependency node-datachannel is installed, `true` requires it (`listen()` rejects with
   * `WEBRTC_UNAVAILABLE` when it is missing), `false` serves WebSocket only.
   * @defaultValue undefined (on when node-datachannel is installed)
   */
  webrtc?: boolean;
  /**
   * STUN/TURN server URLs for the relay's ICE (`stun:host:3478`, `turn:user:pass@host:3478`).
   * None by default: the relay offers host candidates only and contacts no outside server.
   * @defaultValue []
   */
  iceServers?: readonly string[];
  /**
   * Cluster this relay with others over NATS (docs/RELAY.md "Cluster"): channels are shared,
   * one source per channel across them all. Needs the optional peer dependencies
   * `@nats-io/transport-node`, `@nats-io/jetstream`, `@nats-io/kv` (`listen()` rejects with
   * `NATS_UNAVAILABLE` without them). NATS unreachable is not fatal: the relay serves its local
   * channels and joins when it answers.
   * @defaultValue undefined (a single relay)
   */
  nats?: RelayNatsOptions;
}

/** The defaults `createRelay` applies. @public */
export const RELAY_DEFAULTS: {
  readonly port: number;
  readonly host: string;
  readonly maxPayload: number;
  readonly maxReceiversPerChannel: number;
  readonly maxChannels: number;
  readonly maxCompositionLayers: number;
  readonly maxBufferedBytes: number;
  readonly maxDeltaLogBytes: number;
  readonly maxRetainedBytes: number;
  readonly maxSignalStateBytes: number;
  readonly pingIntervalMs: number;
  readonly pingTimeoutMs: number;
  readonly keyframeRequestIntervalMs: number;
  readonly sourceProbeMs: number;
  readonly inputRate: number;
  readonly inputBurst: number;
  readonly inputBytesRate: number;
  readonly inputBytesBurst: number;
  readonly inputDropLimit: number;
  readonly inputDropWindowMs: number;
  readonly requireTokenFor: readonly Role[];
  readonly processMetrics: boolean;
} = {
  port: 9100,
  host: '127.0.0.1',
  maxPayload: DEFAULT_MAX_PAYLOAD,
  maxReceiversPerChannel: 1024,
  maxChannels: 1024,
  maxCompositionLayers: 8,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxDeltaLogBytes: 4 * 1024 * 1024,
  maxRetainedBytes: 256 * 1024 * 1024,
  maxSignalStateBytes: 1024 * 1024,
  pingIntervalMs: 10_000,
  pingTimeoutMs: 30_000,
  keyframeRequestIntervalMs: 250,
  sourceProbeMs: 1000,
  inputRate: 1000,
  inputBurst: 2000,
  inputBytesRate: 1024 * 1024,
  inputBytesBurst: 2 * 1024 * 1024,
  inputDropLimit: 1000,
  inputDropWindowMs: 10_000,
  requireTokenFor: ['source', 'receiver'],
  processMetrics: false,
};

/** Options after defaults and validation. @internal */
export type ResolvedRelayOptions = Omit<
  Required<RelayOptions>,
  'tokenSecret' | 'allowedOrigins' | 'logger' | 'logLevel' | 'webrtc' | 'iceServers' | 'layers' | 'nats'
> & {
  nats: RelayNatsOptions | undefined;
  layers: ResolvedLayerPolicy;
  webrtc: boolean | undefined;
  iceServers: readonly string[];
  tokenSecret: string | undefined;
  allowedOrigins: ReadonlySet<string> | undefined;
  logger: RelayLogger | undefined;
  logLevel: RelayLogLevel;
};

function natsOptions(v: RelayNatsOptions | undefined): RelayNatsOptions | undefined {
  if (v === undefined) return undefined;
  const servers = v?.servers;
  if (
    !Array.isArray(servers) ||
    servers.length === 0 ||
    !servers.every((u) => typeof u === 'string' && /^(nats|tls|wss?):\/\/[^\s]+$/.test(u))
  ) {
    throw new TypeError('createRelay: nats.servers must be a non-empty array of nats://host:port URLs');
  }
  const heartbeatMs = v.heartbeatMs === undefined ? 1000 : int('nats.heartbeatMs', v.heartbeatMs, 50, 60_000);
  return { servers: [...servers], heartbeatMs };
}

function iceServers(v: readonly string[] | undefined): readonly string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((u) => typeof u === 'string' && /^(stuns?|turns?):/.test(u))) {
    throw new TypeError('createRelay: iceServers must be an array of stun:, stuns:, turn: or turns: URLs');
  }
  return [...v];
}

const LEVELS: readonly RelayLogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function int(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`createRelay: ${name} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/**
 * Applies defaults and validates. Throws `TypeError` on a bad or conflicting option.
 * @internal
 */
export function resolveOptions(options: RelayOptions = {}): ResolvedRelayOptions {
  const o = { ...RELAY_DEFAULTS, ...options };
  if (typeof o.host !== 'string' || o.host.length === 0)
    throw new TypeError('createRelay: host must be a non-empty string');
  const pingIntervalMs = int('pingIntervalMs', o.pingIntervalMs, 10);
  const pingTimeoutMs = int('pingTimeoutMs', o.pingTimeoutMs, 10);
  if (pingTimeoutMs < pingIntervalMs) {
    throw new TypeError(
      `createRelay: pingTimeoutMs (${pingTimeoutMs}) must be >= pingIntervalMs (${pingIntervalMs})`,
    );
  }
  if (options.tokenSecret !== undefined && (typeof o.tokenSecret !== 'string' || o.tokenSecret.length < 16)) {
    throw new TypeError('createRelay: tokenSecret must be a string of at least 16 characters');
  }
  if (
    !Array.isArray(o.requireTokenFor) ||
    o.requireTokenFor.some((r) => r !== 'source' && r !== 'receiver')
  ) {
    throw new TypeError("createRelay: requireTokenFor must list 'source' and/or 'receiver'");
  }
  if (options.requireTokenFor !== undefined && options.tokenSecret === undefined) {
    throw new TypeError('createRelay: requireTokenFor needs tokenSecret');
  }
  if (
    o.allowedOrigins !== undefined &&
    !(Array.isArray(o.allowedOrigins) && o.allowedOrigins.every((s) => typeof s === 'string'))
  ) {
    throw new TypeError('createRelay: allowedOrigins must be an array of origin strings');
  }
  const logLevel = o.logLevel ?? (process.env.VITEST ? 'silent' : 'warn');
  if (!LEVELS.includes(logLevel))
    throw new TypeError(`createRelay: logLevel must be one of ${LEVELS.join(', ')}`);
  return {
    port: int('port', o.port, 0, 65535),
    host: o.host,
    maxPayload: int('maxPayload', o.maxPayload, 1, 2 ** 32 - 1),
    maxReceiversPerChannel: int('maxReceiversPerChannel', o.maxReceiversPerChannel, 1),
    maxChannels: int('maxChannels', o.maxChannels, 1),
    // A LayerDirectory lists at most 255 layers (its count is a byte).
    maxCompositionLayers: int('maxCompositionLayers', o.maxCompositionLayers, 1, 255),
    maxBufferedBytes: int('maxBufferedBytes', o.maxBufferedBytes, 1024),
    maxDeltaLogBytes: int('maxDeltaLogBytes', o.maxDeltaLogBytes, 0),
    maxRetainedBytes: int('maxRetainedBytes', o.maxRetainedBytes, 0),
    maxSignalStateBytes: int('maxSignalStateBytes', o.maxSignalStateBytes, 2),
    pingIntervalMs,
    pingTimeoutMs,
    keyframeRequestIntervalMs: int('keyframeRequestIntervalMs', o.keyframeRequestIntervalMs, 0),
    sourceProbeMs: int('sourceProbeMs', o.sourceProbeMs, 1, 60_000),
    inputRate: int('inputRate', o.inputRate, 1),
    inputBurst: int('inputBurst', o.inputBurst, 1),
    inputBytesRate: int('inputBytesRate', o.inputBytesRate, 1),
    inputBytesBurst: int('inputBytesBurst', o.inputBytesBurst, HEADER_SIZE),
    inputDropLimit: int('inputDropLimit', o.inputDropLimit, 0),
    inputDropWindowMs: int('inputDropWindowMs', o.inputDropWindowMs, 1),
    tokenSecret: o.tokenSecret,
    requireTokenFor: [...o.requireTokenFor],
    allowedOrigins: o.allowedOrigins ? new Set(o.allowedOrigins) : undefined,
    logLevel,
    logger: o.logger,
    processMetrics: Boolean(o.processMetrics),
    layers: resolveLayerPolicy(options.layers),
    webrtc: o.webrtc === undefined ? undefined : Boolean(o.webrtc),
    iceServers: iceServers(o.iceServers),
    nats: natsOptions(o.nats),
  };
}
