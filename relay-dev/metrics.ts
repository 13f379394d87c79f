import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type LayerGauges, LayerMetrics } from './layers/layer-metrics';
import { perTypeCounter, TYPE_SLOTS } from './per-type-counter';

/** Live numbers the metrics read at scrape time. @internal */
export interface RelayGauges extends LayerGauges {
  connections(role: 'source' | 'receiver'): number;
  channels(): number;
}

/** Per-type counters: index = type code, plus 256 for input types. */
const SLOTS = TYPE_SLOTS;

/**
 * Prometheus metrics on the relay's own `Registry` (never the global one, so several relays
 * in one process do not collide). The hot path bumps plain typed arrays; prom-client reads
 * them only when /metrics is scraped.
 * @internal
 */
export class RelayMetrics {
  readonly registry: Registry = new Registry();
  readonly framesIn: Float64Array = new Float64Array(SLOTS);
  readonly bytesIn: Float64Array = new Float64Array(SLOTS);
  readonly framesOut: Float64Array = new Float64Array(SLOTS);
  readonly bytesOut: Float64Array = new Float64Array(SLOTS);
  readonly dropped: Float64Array = new Float64Array(SLOTS);
  readonly refused: Counter<'reason'>;
  readonly closed: Counter<'reason'>;
  readonly inputDropped: Counter<'reason'>;
  readonly keyframeRequests: Counter;
  /** Signal messages the channel state refused (not retained, not forwarded), by error code. */
  readonly signalsRefused: Counter<'reason'>;
  readonly fanout: Histogram;
  /** Quality-layer metrics (layers/layer-metrics.ts). */
  readonly layers: LayerMetrics;
  /** Bytes sent to receivers per layer code (the hot path's view of `layers.bytesOut`). */
  readonly layerBytesOut: Float64Array;

  constructor(gauges: RelayGauges, processMetrics: boolean) {
    const registers = [this.registry];
    const perType = (name: string, help: string, values: Float64Array): void =>
      perTypeCounter(registers, name, help, values);
    perType('ds_relay_frames_in_total', 'Messages received from peers, by type', this.framesIn);
    perType('ds_relay_bytes_in_total', 'Bytes received from peers, by type', this.bytesIn);
    perType('ds_relay_frames_out_total', 'Messages sent to peers, by type', this.framesOut);
    perType('ds_relay_bytes_out_total', 'Bytes sent to peers, by type', this.bytesOut);
    perType(
      'ds_relay_slow_receiver_drops_total',
      'Frames dropped for receivers over their budget',
      this.dropped,
    );
    new Gauge({
      name: 'ds_relay_connections',
      help: 'Open WebSocket connections, by role',
      labelNames: ['role'],
      registers,
      collect() {
        this.set({ role: 'source' }, gauges.connections('source'));
        this.set({ role: 'receiver' }, gauges.connections('receiver'));
      },
    });
    new Gauge({
      name: 'ds_relay_channels',
      help: 'Open channels',
      registers,
      collect() {
        this.set(gauges.channels());
      },
    });
    this.refused = new Counter({
      name: 'ds_relay_refused_total',
      help: 'Connections refused at the door, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.closed = new Counter({
      name: 'ds_relay_closed_by_relay_total',
      help: 'Open connections the relay closed, by reason (malformed, role, ping timeout)',
      labelNames: ['reason'],
      registers,
    });
    this.inputDropped = new Counter({
      name: 'ds_relay_input_dropped_total',
      help: "Receiver messages dropped for the receiver's input budget, by reason (messages, bytes)",
      labelNames: ['reason'],
      registers,
    });
    this.keyframeRequests = new Counter({
      name: 'ds_relay_keyframe_requests_total',
      help: 'KeyframeRequests sent to sources',
      registers,
    });
    this.signalsRefused = new Counter({
      name: 'ds_relay_signals_refused_total',
      help: 'SignalSync/SignalDiff messages refused (invalid, too deep, over maxSignalStateBytes), by code',
      labelNames: ['reason'],
      registers,
    });
    this.fanout = new Histogram({
      name: 'ds_relay_fanout_seconds',
      help: 'Time to hand one source frame to every receiver socket',
      buckets: [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
      registers,
    });
    this.layers = new LayerMetrics(this.registry, gauges);
    this.layerBytesOut = this.layers.bytesOut;
    if (processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'ds_relay_' });
  }

  /** Slot of an input type code in the per-type arrays. */
  static input(type: number): number {
    return 256 + type;
  }
}
