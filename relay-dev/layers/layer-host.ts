// What a channel's layer routing needs from the channel: its peers, metrics, policy and a few
// of its own duties (retained accounting, control seq, Roster joins).
import type { LayerAssignment } from '../../src/protocol/index';
import type { ChannelState } from '../channel-state';
import type { RelayMetrics } from '../metrics';
import type { Peer, ReceiverPeer } from '../peer';
import type { ResolvedLayerPolicy } from './layer-policy';

/** What the router needs from its channel. @internal */
export interface LayerHost {
  readonly name: string;
  readonly receivers: ReadonlySet<ReceiverPeer>;
  readonly source: Peer | null;
  /** True while a source can be asked for keyframes: local, or on another relay of a cluster. */
  readonly sourceReachable: boolean;
  /** Sends a (layered) KeyframeRequest to the source, wherever it is. */
  keyframeRequest(bytes: Uint8Array): void;
  /** Receivers of other relays (cluster), as the source's relay names them; empty elsewhere. */
  remoteLayers(): readonly LayerAssignment[];
  /** With the source on another relay: this relay's assignments changed (the cluster side tells it). */
  layersChanged(): void;
  readonly metrics: RelayMetrics;
  readonly policy: ResolvedLayerPolicy;
  readonly keyframeRequestIntervalMs: number;
  newState(): ChannelState;
  /** The channel's unlayered (layer 0) state. */
  readonly unlayered: ChannelState;
  /** Reports retained bytes to the relay-wide budget. */
  account(): void;
  /** The channel's control seq (KeyframeRequests). */
  nextSeq(): number;
  /** Announces pending Roster joins, so a LayerReport never names a receiver the source has not heard of. */
  flushJoins(): void;
}
