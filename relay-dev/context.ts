import type { ChannelStore } from './channel-store';
import type { CompositionDirectory } from './composition/directory';
import type { InputBudget } from './input-budget';
import type { RelayLogger } from './logger';
import type { RelayMetrics } from './metrics';
import type { ResolvedRelayOptions } from './options';
import type { Peer } from './peer';
import type { PeerIds } from './peer-ids';

/**
 * What the door (upgrade.ts) needs from its relay: options, channels and ids, never the
 * server itself (as `Channel` gets only a `ChannelContext`).
 * @internal
 */
export interface DoorContext {
  readonly options: ResolvedRelayOptions;
  readonly store: ChannelStore;
  readonly metricsRegistry: RelayMetrics;
  readonly peerIds: PeerIds;
  /** Composition layers per base channel (composition/). */
  readonly composition: CompositionDirectory;
}

/** What per-message routing (routing.ts) needs from its relay. @internal */
export interface RoutingContext {
  readonly options: ResolvedRelayOptions;
  readonly store: ChannelStore;
  readonly metricsRegistry: RelayMetrics;
  readonly log: RelayLogger;
  /** Composition layers per base channel: a layer source's LayerPlacement goes there. */
  readonly composition: CompositionDirectory;
  /** The input budget of a receiver (none for sources). */
  inputBudget(peer: Peer): InputBudget | undefined;
  /** Closes `peer` with a code and reason and counts it under `metric`. */
  kick(peer: Peer, code: number, reason: string, metric: string): void;
  /** The relay's WebRTC side (RtcSignal messages go there), null when it offers none. */
  readonly webrtc: { signal(peer: Peer, bytes: Uint8Array): void } | null;
}
