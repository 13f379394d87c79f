import { Counter, Gauge, type Registry } from 'prom-client';
import { Flag } from '../../src/protocol/index';
import { perTypeCounter, TYPE_SLOTS } from '../per-type-counter';

/** Per-type slots: type code, plus 256 for input types (as RelayMetrics). */
const SLOTS = TYPE_SLOTS;

/** What the gauges read at scrape time. @internal */
export interface ClusterGauges {
  /** 1 while connected to NATS. */
  connected(): boolean;
  /** Other relays heard on the heartbeat subject within the last few heartbeats. */
  peers(): number;
}

/**
 * The cluster's metrics on the relay's registry: messages and bytes to and from NATS per type
 * (whole protocol messages; bytes as sent, fragments and envelopes included), the connection
 * state and the cluster peers seen. The hot path bumps typed arrays, read only at scrape time.
 * @internal
 */
export class ClusterMetrics {
  readonly messagesOut: Float64Array = new Float64Array(SLOTS);
  readonly bytesOut: Float64Array = new Float64Array(SLOTS);
  readonly messagesIn: Float64Array = new Float64Array(SLOTS);
  readonly bytesIn: Float64Array = new Float64Array(SLOTS);
  /** Messages not published because NATS was disconnected (at most once: they are gone). */
  readonly dropped: Counter;
  /** Gaps seen in a remote relay's stream (lost on NATS, or missed while disconnected). */
  readonly gaps: Counter;
  /** KV operations that failed, by operation. */
  readonly kvErrors: Counter<'op'>;

  constructor(registry: Registry, gauges: ClusterGauges) {
    const registers = [registry];
    const perType = (name: string, help: string, values: Float64Array): void =>
      perTypeCounter(registers, name, help, values);
    perType(
      'ds_relay_nats_messages_out_total',
      'Protocol messages published to NATS, by type',
      this.messagesOut,
    );
    perType(
      'ds_relay_nats_bytes_out_total',
      'Bytes published to NATS (fragments and envelopes), by type',
      this.bytesOut,
    );
    perType(
      'ds_relay_nats_messages_in_total',
      'Protocol messages received from NATS, by type',
      this.messagesIn,
    );
    perType(
      'ds_relay_nats_bytes_in_total',
      'Bytes of whole protocol messages received from NATS, by type',
      this.bytesIn,
    );
    new Gauge({
      name: 'ds_relay_nats_connected',
      help: '1 while the relay is connected to NATS, 0 while it serves local channels only',
      registers,
      collect() {
        this.set(gauges.connected() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'ds_relay_cluster_peers',
      help: 'Other relays heard on NATS within the last 3 heartbeats',
      registers,
      collect() {
        this.set(gauges.peers());
      },
    });
    this.dropped = new Counter({
      name: 'ds_relay_nats_dropped_total',
      help: 'Messages not published because NATS was disconnected',
      registers,
    });
    this.gaps = new Counter({
      name: 'ds_relay_nats_gaps_total',
      help: "Gaps in a remote relay's stream of a channel (the channel resynchronises at a keyframe)",
      registers,
    });
    this.kvErrors = new Counter({
      name: 'ds_relay_nats_kv_errors_total',
      help: 'JetStream key-value operations that failed, by operation',
      labelNames: ['op'],
      registers,
    });
  }

  /** Slot of a protocol message in the per-type arrays, from its header. */
  static slot(message: Uint8Array): number {
    return (message[1]! & Flag.Input) !== 0 ? 256 + message[0]! : message[0]!;
  }
}
