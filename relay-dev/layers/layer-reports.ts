// LayerReports (0x53): the source hears every receiver's layer once per event-loop turn in
// which any changed; a receiver hears its own entry whenever it is placed on a layer.
import { encodeLayerReport, FrameType, type LayerAssignment } from '../../src/protocol/index';
import type { ReceiverPeer } from '../peer';
import type { LayerHost } from './layer-host';

/** @internal */
export class LayerReports {
  private timer: NodeJS.Immediate | null = null;
  private seq = 0;

  constructor(
    private readonly host: LayerHost,
    /** Runs before each report to the source (the router forgets layers nobody wants). */
    private readonly beforeSend: () => void,
  ) {}

  /** The source hears the assignments at the end of this turn (several changes, one message). */
  schedule(): void {
    if (this.timer) return;
    this.timer = setImmediate(() => {
      this.timer = null;
      this.toSource();
    });
  }

  /** Tells `r` its own layer and why (control: sent past its budget, like StreamStatus). */
  toReceiver(r: ReceiverPeer): void {
    const link = r.layerLink;
    let seq = 0;
    if (link) {
      link.reportSeq = (link.reportSeq + 1) & 0xffff;
      seq = link.reportSeq;
    }
    const entry: LayerAssignment = { id: r.id, layer: r.layer, reason: r.reason };
    r.sendControl(encodeLayerReport([entry], { seq, timestamp: 0 }), FrameType.LayerReport);
  }

  dispose(): void {
    if (this.timer) clearImmediate(this.timer);
    this.timer = null;
  }

  private toSource(): void {
    this.beforeSend();
    const { source, receivers } = this.host;
    // The source is on another relay (cluster): that relay merges these into its own report.
    if (source === null) return void this.host.layersChanged();
    // Never an id the source has not heard of in a Roster.
    this.host.flushJoins();
    // The source produces what receivers are on or moving to: a pending target is reported as
    // the receiver's layer (it switches there at that layer's next keyframe).
    const entries: LayerAssignment[] = [...receivers].map(assignment);
    entries.push(...this.host.remoteLayers());
    this.seq = (this.seq + 1) & 0xffff;
    source.send(encodeLayerReport(entries, { seq: this.seq, timestamp: 0 }), FrameType.LayerReport);
  }
}

/** What the source is told of one receiver. @internal */
export function assignment(r: ReceiverPeer): LayerAssignment {
  return { id: r.id, layer: r.target ?? r.layer, reason: r.reason };
}
