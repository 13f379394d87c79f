// The relay's cluster side (docs/RELAY.md "Cluster"): composed into a relay only when `nats` is set.
import type { WebSocket } from 'ws';
import type { ChannelStore } from '../channel-store';
import { RelayError } from '../errors';
import { ClusteredChannelStore } from './clustered-store';
import { type ClusterHost, ClusterNode, type NatsState, type RelayNatsOptions } from './nats-node';
import { claimSource } from './source-owner';
import { channelNames } from './subjects';

export { shareDirectory } from './directory-link';
export { NatsUnavailableError } from './nats-load';
export type { NatsState, RelayNatsOptions } from './nats-node';

/** What /healthz and `relay.stats()` say about the cluster. @public */
export interface ClusterStats {
  /** This relay's id in the cluster (hex). */
  relay: string;
  /** The NATS connection: while not `connected`, the relay serves its local channels only. */
  nats: NatsState;
  /** Other relays heard within the last 3 heartbeats. */
  peers: number;
}

/** A relay's membership of a cluster. @internal */
export interface RelayCluster {
  readonly node: ClusterNode;
  readonly store: ClusteredChannelStore;
  stats(): ClusterStats;
  /**
   * One source per channel across the cluster: claims `channel`'s source for this relay before a
   * source socket is admitted (its socket paused meanwhile). Resolves when claimed; rejects
   * with `SOURCE_EXISTS` (4409) when another relay holds a live one.
   */
  claim(ws: WebSocket, channel: string): Promise<void>;
  close(): Promise<void>;
}

/** Composes the cluster over the relay's local store. @internal */
export function createCluster(
  options: RelayNatsOptions,
  local: ChannelStore,
  host: Omit<ClusterHost, 'holdsSource'>,
  limits: { maxMessageBytes: number; sourceProbeMs: number },
): RelayCluster {
  // Channels whose source this relay is claiming right now: a probe in that window must hear
  // "holds", or a newcomer on another relay takes the channel and this relay's source, admitted
  // a moment later, is thrown out on its next heartbeat.
  const claiming = new Map<string, number>();
  const node = new ClusterNode(options, {
    ...host,
    holdsSource: (name) => claiming.has(name) || local.get(name)?.source?.ws.readyState === 1,
  });
  const store = new ClusteredChannelStore(local, node, limits.maxMessageBytes);
  return {
    node,
    store,
    stats: () => ({ relay: node.id.toString(16), nats: node.state, peers: node.peers() }),
    async claim(ws, channel) {
      ws.pause();
      claiming.set(channel, (claiming.get(channel) ?? 0) + 1);
      try {
        const key = channelNames(channel).owner;
        const revision = await claimSource(node, key, channel, limits.sourceProbeMs).catch(() => {
          node.metrics.kvErrors.inc({ op: 'claim' });
          // KV trouble must not keep a source out: the claim is made again on the heartbeat.
          return 0;
        });
        if (revision === null) {
          throw new RelayError('SOURCE_EXISTS', `channel ${channel} already has a source on another relay`);
        }
        node.claims.set(channel, revision);
      } finally {
        // The caller admits the socket in the microtask after this (no probe can be read in between).
        const n = (claiming.get(channel) ?? 1) - 1;
        if (n > 0) claiming.set(channel, n);
        else claiming.delete(channel);
        ws.resume();
      }
    },
    close: () => node.close(),
  };
}
