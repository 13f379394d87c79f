// The public face of a running relay, apart from the server that implements it.
import type { ClusterStats } from './cluster/index';

/**
 * A running relay. Create it with `createRelay`, then `listen()`.
 * @public
 */
export interface Relay {
  /** Binds the port; resolves once listening. */
  listen(): Promise<void>;
  /** Sends End to every receiver, closes every socket (1001) and the HTTP server. */
  close(): Promise<void>;
  /** The bound port (the real one when `port: 0`); throws before `listen()`. */
  readonly port: number;
  /** Base WebSocket URL, e.g. `ws://127.0.0.1:9100`; channels are `${url}/${channel}?role=...`. */
  readonly url: string;
  /** Prometheus text of /metrics. */
  metrics(): Promise<string>;
  /** Open channels and connections (as /healthz reports them). */
  stats(): RelayStats;
}

/** Counts reported by `relay.stats()` and /healthz. @public */
export interface RelayStats {
  channels: number;
  sources: number;
  receivers: number;
  /** The cluster, when the relay has `nats` (docs/RELAY.md "Cluster"). */
  cluster?: ClusterStats;
}
