import {
  decodeLayerReport,
  decodeMessage,
  encodeLayerReport,
  isProtocolError,
  type LayerAssignment,
} from '../../src/protocol/index';
import type { Channel } from '../channel';
import { assignment } from '../layers/layer-reports';
import type { RemoteIds } from './remote-ids';
import { RemoteReceivers } from './remote-receivers';

/**
 * A channel's quality layers across the cluster. On a relay without the source: its receivers'
 * layers (and who they are) go to the source's relay as a LayerReport on the input subject,
 * coalesced per event-loop turn and repeated each heartbeat (core NATS is at most once). On the
 * source's relay: those reports are merged into what the source hears (Roster joins and leaves,
 * LayerReport entries), with the ids the cluster gives those receivers' input.
 * @internal
 */
export class LayerLink {
  private readonly remote: RemoteReceivers;
  private timer: NodeJS.Immediate | null = null;
  private seq = 0;

  constructor(
    private readonly channel: Channel,
    private readonly ids: RemoteIds,
    /** Publishes a message on the channel's input subject (dropped while the source is unknown). */
    private readonly send: (bytes: Uint8Array) => void,
  ) {
    this.remote = new RemoteReceivers(ids);
  }

  // ---- a relay without the source ----

  /** This relay's receivers changed (joined, left, moved): report them at the end of this turn. */
  schedule(): void {
    this.timer ??= setImmediate(() => {
      this.timer = null;
      this.report();
    });
  }

  /** Reports now (a heartbeat, or the last receiver left and the channel may be dropped). */
  report(): void {
    if (this.timer) clearImmediate(this.timer);
    this.timer = null;
    if (!this.channel.hooks?.remoteSource) return;
    const entries = [...this.channel.receivers].map(assignment);
    this.seq = (this.seq + 1) & 0xffff;
    this.send(encodeLayerReport(entries, { seq: this.seq, timestamp: 0 }));
  }

  // ---- the source's relay ----

  /** A LayerReport from `relay`: its receivers now. */
  onReport(relay: number, message: Uint8Array): void {
    let entries: LayerAssignment[];
    try {
      entries = decodeLayerReport(decodeMessage(message));
    } catch (err) {
      if (!isProtocolError(err)) throw err;
      return;
    }
    const change = this.remote.update(relay, entries);
    const { roster } = this.channel;
    roster.remote('joined', change.joined);
    roster.remote('left', change.left);
    if (change.changed) this.channel.layers.remoteChanged();
  }

  /** `relay` went silent: its receivers left. */
  dropRelay(relay: number): void {
    const gone = this.remote.dropRelay(relay);
    this.channel.roster.remote('left', gone);
    if (gone.length > 0) this.channel.layers.remoteChanged();
    this.ids.releaseRelay(relay);
  }

  /** The source left: forget the other relays' receivers (their next reports name them again). */
  clear(): void {
    this.remote.clear();
    this.ids.releaseAll();
  }

  /** The other relays' receivers, for the source's LayerReport. */
  entries(): readonly LayerAssignment[] {
    return this.remote.entries();
  }

  dispose(): void {
    if (this.timer) clearImmediate(this.timer);
    this.timer = null;
  }
}
