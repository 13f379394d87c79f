// What a channel's layer routing needs from the channel: its peers, metrics, policy and a few
// of its own duties (retained accounting, control seq, Roster joins).
import type { ChannelState } from '../channel-state';
import type { RelayMetrics } from '../metrics';
import type { Peer, ReceiverPeer } from '../peer';
import type { ResolvedLayerPolicy } from './layer-policy';

/** What the router needs from its channel. @internal */
export interface LayerHost {
  readonly name: string;
  readonly receivers: ReadonlySet<ReceiverPeer>;
  readonly source: Peer | null;
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
