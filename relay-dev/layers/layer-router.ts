// A layered channel's routing: who is on which layer, when they move (the policy, per tick) and
// the LayerReports that say so. The per-layer state for late joiners and switches: layer-tracks.ts.
import {
  LAYER_NAMES,
  type LayerId,
  type LayerReasonName,
  offeredLayers,
  type ProtocolError,
  type QualityLayer,
} from '../../src/protocol/index';
import type { ChannelState } from '../channel-state';
import { FrameClass, type ReceiverPeer } from '../peer';
import type { LayerHost } from './layer-host';
import type { ChannelLayerRate, ReceiverLayerInfo } from './layer-metrics';
import { decideMove } from './layer-policy';
import { LayerReports } from './layer-reports';
import { LayerTracks } from './layer-tracks';
import { ReceiverLink } from './receiver-link';

/**
 * Routes a layered channel (one whose source sent a non-zero LayerOffer). Frames of a layer go
 * to the receivers on it; a receiver moves only at a keyframe of its target layer (or at once
 * when the relay holds that layer's whole current picture), so its delta chain never breaks.
 * @internal
 */
export class LayerRouter {
  /** The source's LayerOffer mask (0: not layered, routed as before layers). */
  mask = 0;
  private offered: LayerId[] = [];
  private readonly tracks: LayerTracks;
  private timer: NodeJS.Timeout | null = null;
  private readonly reports: LayerReports;

  constructor(private readonly host: LayerHost) {
    this.reports = new LayerReports(host, () => this.prune());
    this.tracks = new LayerTracks(host);
  }

  /** True while the source offers layers. */
  get layered(): boolean {
    return this.mask !== 0;
  }

  /** True when `layer` is offered. */
  offers(layer: QualityLayer): boolean {
    return layer !== 0 && (this.mask & (1 << layer)) !== 0;
  }

  /** Bytes retained across the layers' states. */
  get retainedBytes(): number {
    return this.tracks.retainedBytes;
  }

  /** Bytes of the layers' delta logs. */
  get deltaBytes(): number {
    return this.tracks.deltaBytes;
  }

  /** Applies a LayerOffer: receivers on a layer no longer offered move; a first offer places everyone. */
  setOffer(mask: number): void {
    if (mask === this.mask) return;
    this.mask = mask;
    this.offered = offeredLayers(mask);
    for (const t of this.tracks.values()) if (!this.offers(t.id)) t.state.clear();
    // Layered, what an unlayered stream left is no receiver's picture: a joiner sent it after its
    // layer's picture would apply that layer's next delta to it (and it would stay retained).
    if (mask !== 0) this.host.unlayered.clear();
    this.host.account();
    if (mask === 0) {
      this.stopTimer();
      for (const r of this.host.receivers) {
        if (r.layer === 0 && r.target === null) continue;
        // Layer 0 pictures start a chain of their own: hold deltas until its keyframe.
        r.needsPicture = true;
        r.needsSignal = true;
        this.place(r, 0, 'offer');
        r.target = null;
        r.layerLink = null;
      }
      this.reports.schedule();
      return;
    }
    this.startTimer();
    for (const r of this.host.receivers) {
      const at = r.target ?? r.layer;
      if (at === 0) this.join(r, 'offer');
      else if (!this.offers(at)) {
        r.target = null;
        this.moveTo(r, this.offered.find((l) => l > at) ?? this.offered.at(-1)!, 'offer');
      }
    }
  }

  /** Places a receiver (joined, or the channel became layered): the best layer whose picture fits. */
  join(r: ReceiverPeer, reason: LayerReasonName = 'join'): void {
    if (!this.layered) return;
    r.layerLink ??= new ReceiverLink(this.host.policy, r.drops);
    const fits = this.offered.filter((l) => {
      const bytes = this.tracks.get(l).pictureBytes();
      return bytes === null || bytes <= r.sendBudget;
    });
    const best = fits.find((l) => this.tracks.get(l).pictureBytes() !== null) ?? fits[0];
    this.moveTo(r, best ?? this.offered.at(-1)!, reason);
  }

  /** Forgets a receiver that left; the source hears the new assignment (its leave also comes in a Roster). */
  leave(r: ReceiverPeer): void {
    r.layerLink = null;
    if (this.layered) this.reports.schedule();
  }

  /**
   * Fans out one frame of `layer`. Returns the error when the layer's signal state refused it
   * (then nobody gets it). A keyframe of a receiver's target layer switches it there first.
   */
  publish(bytes: Uint8Array, type: number, cls: FrameClass, layer: LayerId): ProtocolError | null {
    const track = this.tracks.get(layer);
    const err = track.record(bytes, type, cls);
    this.host.account();
    if (err) return err;
    const key = cls === FrameClass.PictureKey || cls === FrameClass.SignalSync;
    for (const r of this.host.receivers) {
      if (key && r.target === layer) this.place(r, layer, r.reason);
      if (r.layer === layer) r.offer(bytes, type, cls, track.resync);
    }
    return null;
  }

  /** A receiver asked for a keyframe: one of its own layer (what it is short of). */
  receiverKeyframeRequest(r: ReceiverPeer): boolean {
    if (!this.layered || r.layer === 0) return false;
    this.tracks.requestKeyframe(r.layer as LayerId, false);
    return true;
  }

  /** Asks the source for a keyframe of `layer` (a cluster relay's request); false when not offered. */
  requestLayerKeyframe(layer: QualityLayer): boolean {
    if (!this.offers(layer)) return false;
    this.tracks.requestKeyframe(layer as LayerId, false);
    return true;
  }

  /** Receivers on other relays changed layer: the source hears the merged assignments. */
  remoteChanged(): void {
    if (this.layered) this.reports.schedule();
  }

  /** Checks a receiver's ACK; false (and counted) when implausible, so it is not forwarded. */
  acceptAck(r: ReceiverPeer, message: Uint8Array): boolean {
    if (!this.layered || r.layerLink === null) return true;
    const verdict = r.layerLink.checkAck(message);
    if (verdict === null) return true;
    this.host.metrics.layers.implausibleAcks.inc({ reason: verdict });
    return false;
  }

  /** Evaluates every receiver once (the timer calls this each `tickMs`). */
  tick(): void {
    const now = this.host.policy.now();
    for (const t of this.tracks.values()) t.measure(now);
    const rate = (l: LayerId): number => this.tracks.get(l).rate;
    for (const r of this.host.receivers) {
      const link = r.layerLink;
      if (link === null) continue;
      const sample = link.sample(r.buffered, r.sendBudget, r.drops);
      if (r.target !== null) {
        // Still waiting for the target's keyframe (the request may have been rate-limited):
        // a joiner (still on layer 0) as much as a receiver moving between layers.
        this.tracks.requestKeyframe(r.target);
        continue;
      }
      if (r.layer === 0) continue;
      const move = decideMove(r.layer as LayerId, this.offered, rate, sample, link.policy, this.host.policy);
      if (move) this.moveTo(r, move.to, move.reason);
    }
  }

  /** A new source: its seqs start over and it must offer again; everyone goes back to layer 0. */
  reset(): void {
    this.setOffer(0);
    for (const t of this.tracks.values()) t.state.breakChain();
    this.host.account();
  }

  /** End: the layers' pictures are over. */
  clear(): void {
    this.tracks.clear();
  }

  /** Budget eviction: all retained layer state, or the delta logs only. */
  drop(all: boolean): void {
    this.tracks.drop(all);
  }

  dispose(): void {
    this.stopTimer();
    this.reports.dispose();
    this.clear();
  }

  /** The offered layers' states, best first (the cluster's KV snapshot). */
  *offeredStates(): Generator<[LayerId, ChannelState]> {
    yield* this.tracks.states(this.offered);
  }

  /** The metrics' view of this channel's receivers. */
  *receiverInfo(): Generator<ReceiverLayerInfo> {
    for (const r of this.host.receivers) {
      yield { channel: this.host.name, id: r.id, layer: r.layer, implausible: r.layerLink?.implausible ?? 0 };
    }
  }

  /** The metrics' view of the offered layers' byte rates. */
  *rateInfo(): Generator<ChannelLayerRate> {
    for (const l of this.offered)
      yield { channel: this.host.name, layer: l, bytesPerSecond: this.tracks.get(l).rate };
  }

  // Sends `to`'s current picture and switches now when the relay holds it whole (and it fits);
  // otherwise asks the source for a keyframe of `to` and switches when it passes publish().
  private moveTo(r: ReceiverPeer, to: LayerId, reason: LayerReasonName): void {
    const track = this.tracks.get(to);
    const bytes = track.pictureBytes();
    r.reason = reason;
    if (bytes !== null && bytes <= r.sendBudget && r.sendLayerPicture(to, track.resync)) {
      this.place(r, to, reason);
      return;
    }
    if (r.layer === to) {
      // A pending switch is called off: the source was told the target, so it hears again.
      if (r.target !== null) this.reports.schedule();
      r.target = null;
      return;
    }
    r.target = to;
    this.tracks.requestKeyframe(to);
    this.reports.schedule();
  }

  // The receiver is on `layer` from now on: counted, reported to it and to the source.
  private place(r: ReceiverPeer, layer: QualityLayer, reason: LayerReasonName): void {
    const from = r.layer;
    r.layer = layer;
    r.target = null;
    r.reason = reason;
    if (from !== layer) {
      this.host.metrics.layers.switches.inc({ from: LAYER_NAMES[from], to: LAYER_NAMES[layer], reason });
    }
    this.reports.toReceiver(r);
    this.reports.schedule();
  }

  // A layer nobody is on (or moving to) stops being produced: its held picture would go stale
  // and a later switch must wait for its next keyframe instead. With nobody there the source
  // keeps the best offered layer warm, so that one is kept.
  private prune(): void {
    const wanted = new Set<QualityLayer>();
    for (const r of this.host.receivers) wanted.add(r.target ?? r.layer);
    for (const e of this.host.remoteLayers()) wanted.add(e.layer);
    if (this.host.receivers.size === 0 && this.offered[0] !== undefined) wanted.add(this.offered[0]);
    if (this.tracks.keepOnly(wanted)) this.host.account();
  }

  private startTimer(): void {
    if (this.timer || this.host.policy.tickMs === 0) return;
    this.timer = setInterval(() => {
      try {
        this.tick();
      } catch {
        // A timer callback that throws would end the process; the next tick tries again.
      }
    }, this.host.policy.tickMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
