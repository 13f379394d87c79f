// Prometheus metrics of quality layers: who is on which layer (per receiver and per layer), the
// switches, bytes sent per layer and refused ACKs. Gauges read live state at scrape time, so a
// receiver that leaves drops out of them at once.
import { Counter, Gauge, type Registry } from 'prom-client';
import { LAYER_NAMES, type QualityLayer } from '../../src/protocol/index';

/** One receiver as the metrics see it. @internal */
export interface ReceiverLayerInfo {
  channel: string;
  /** Relay id. */
  id: number;
  layer: QualityLayer;
  /** Implausible ACKs it sent. */
  implausible: number;
}

/** Bytes per second each layer carries into a channel (measured at the relay). @internal */
export interface ChannelLayerRate {
  channel: string;
  layer: QualityLayer;
  bytesPerSecond: number;
}

/** Live numbers the layer gauges read at scrape time. @internal */
export interface LayerGauges {
  receivers(): Iterable<ReceiverLayerInfo>;
  rates(): Iterable<ChannelLayerRate>;
}

/** @internal */
export class LayerMetrics {
  /** Bytes sent to receivers per layer code (0..3), bumped on the hot path. */
  readonly bytesOut: Float64Array = new Float64Array(4);
  readonly switches: Counter<'from' | 'to' | 'reason'>;
  readonly implausibleAcks: Counter<'reason'>;

  constructor(registry: Registry, gauges: LayerGauges) {
    const registers = [registry];
    const bytesOut = this.bytesOut;
    new Gauge({
      name: 'ds_relay_layer_receivers',
      help: 'Receivers on each quality layer (none: unlayered channel or not placed yet)',
      labelNames: ['layer'],
      registers,
      collect() {
        const n = [0, 0, 0, 0];
        for (const r of gauges.receivers()) n[r.layer]!++;
        for (let l = 0; l < 4; l++) this.set({ layer: LAYER_NAMES[l]! }, n[l]!);
      },
    });
    new Gauge({
      name: 'ds_relay_receiver_layer',
      help: 'Layer code (0 none, 1 lossless, 2 lossy, 3 signal) of each receiver, by channel and relay id',
      labelNames: ['channel', 'receiver'],
      registers,
      collect() {
        this.reset();
        for (const r of gauges.receivers()) this.set({ channel: r.channel, receiver: String(r.id) }, r.layer);
      },
    });
    new Gauge({
      name: 'ds_relay_receiver_implausible_acks',
      help: 'Implausible ACKs each receiver of a layered channel sent (refused, not forwarded)',
      labelNames: ['channel', 'receiver'],
      registers,
      collect() {
        this.reset();
        for (const r of gauges.receivers())
          if (r.implausible > 0) this.set({ channel: r.channel, receiver: String(r.id) }, r.implausible);
      },
    });
    new Gauge({
      name: 'ds_relay_layer_rate_bytes',
      help: 'Bytes per second each offered layer carries into its channel, as the relay measures it',
      labelNames: ['channel', 'layer'],
      registers,
      collect() {
        this.reset();
        for (const r of gauges.rates())
          this.set({ channel: r.channel, layer: LAYER_NAMES[r.layer]! }, r.bytesPerSecond);
      },
    });
    new Counter({
      name: 'ds_relay_layer_bytes_out_total',
      help: 'Bytes of source frames sent to receivers, by quality layer',
      labelNames: ['layer'],
      registers,
      collect() {
        this.reset();
        for (let l = 0; l < 4; l++) if (bytesOut[l]) this.inc({ layer: LAYER_NAMES[l]! }, bytesOut[l]);
      },
    });
    this.switches = new Counter({
      name: 'ds_relay_layer_switches_total',
      help: 'Receivers moved between quality layers, by from, to and reason',
      labelNames: ['from', 'to', 'reason'],
      registers,
    });
    this.implausibleAcks = new Counter({
      name: 'ds_relay_implausible_acks_total',
      help: 'ACKs on layered channels refused as implausible (unknown_seq, timestamp, queue_depth, malformed)',
      labelNames: ['reason'],
      registers,
    });
  }
}
