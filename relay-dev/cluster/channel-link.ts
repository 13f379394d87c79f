import type { Subscription } from '@nats-io/transport-node';
import {
  decodeLayerOffer,
  decodeMessage,
  encodeStreamStatus,
  Flag,
  FrameType,
  frameLayer,
  InputType,
  isProtocolError,
  type LayerAssignment,
  type Reassembler,
} from '../../src/protocol/index';
import type { Channel } from '../channel';
import { RelayCloseCode } from '../errors';
import { classify, FrameClass } from '../peer';
import { GapGate } from './gap-gate';
import type { ChannelHooks } from './hooks';
import { LayerLink } from './layer-link';
import type { ClusterNode, ConnectionListener } from './nats-node';
import { RemoteIds } from './remote-ids';
import { afterSnapshot, type JoinPoint, joinSnapshot, readChannelRecord } from './snapshot-load';
import { releaseSource, renewSource } from './source-owner';
import { SnapshotWriter } from './state-snapshot';
import { type ChannelNames, channelNames, Kind, readEnvelope } from './subjects';
import { type Arrival, receiveFragment, sendMessage, sendNote } from './wire';

/**
 * One channel's cluster side. While this relay holds the channel's source it publishes the
 * source's frames (fragmented under NATS's max_payload), takes receivers' input from other relays
 * and keeps the channel's KV record (owner heartbeat, state snapshot). While it has local
 * receivers and no source it follows the channel: subscribed to its frames, which it delivers
 * into the local channel as if from a local source; its first receiver gets the KV snapshot.
 * @internal
 */
export class ChannelLink implements ChannelHooks, ConnectionListener {
  private readonly names: ChannelNames;
  /** The other relay that holds the source, or null. */
  private owner: number | null = null;
  private frameSub: Subscription | null = null;
  private inputSub: Subscription | null = null;
  private readonly frameParts = new Map<number, Reassembler>();
  private readonly inputParts = new Map<number, Reassembler>();
  /** Id of the last frame published (ids count per channel per relay). */
  private lastId = 0;
  /** KV revision of this relay's owner record while it holds the source (0: not yet written). */
  private revision: number | null = null;
  /** Live frames held while the first receiver's snapshot loads. */
  private held: Arrival[] | null = null;
  /** The snapshot's end, while no live frame has come after it to show it joins. */
  private joinAt: JoinPoint | null = null;
  private readonly gate: GapGate;
  private readonly snapshot: SnapshotWriter;
  private readonly remoteIds: RemoteIds;
  private readonly layerLink: LayerLink;
  /** The source's last LayerOffer (for the snapshot), while it is on this relay. */
  private offer: Uint8Array | null = null;

  constructor(
    private readonly node: ClusterNode,
    private readonly channel: Channel,
    /** Largest protocol message a peer relay may send (16 + maxPayload). */
    private readonly maxMessageBytes: number,
  ) {
    this.names = channelNames(channel.name);
    this.snapshot = new SnapshotWriter(
      node,
      this.names.state,
      channel,
      () => this.lastId,
      () => this.offer,
    );
    this.gate = new GapGate(node, channel);
    this.remoteIds = new RemoteIds(node.host.peerIds);
    this.layerLink = new LayerLink(channel, this.remoteIds, (b) => this.remoteInput(b));
    node.listen(this);
  }

  get remoteSource(): boolean {
    return this.owner !== null && this.channel.source === null;
  }

  /** KV key of the owner record (claims use it). */
  get ownerKey(): string {
    return this.names.owner;
  }

  // ---- this relay holds the source ----

  sourceFrame(bytes: Uint8Array): void {
    this.lastId = (this.lastId + 1) >>> 0;
    sendMessage(this.node, this.names.frame, bytes, this.lastId);
    const offer = bytes[0] === FrameType.LayerOffer;
    if (offer) this.offer = bytes.slice();
    if (offer || classify(bytes[0]!, bytes[1]!) !== FrameClass.Other) this.snapshot.changed();
  }

  sourceChanged(attached: boolean, ended: boolean): void {
    if (attached) {
      this.owner = null;
      this.offer = null;
      this.revision = this.node.claims.get(this.channel.name) ?? 0;
      this.node.claims.delete(this.channel.name);
      sendNote(this.node, this.names.frame, Kind.SourceOnline);
      this.inputSub ??= this.node.subscribe(this.names.input, (d) => this.onInput(d));
      return;
    }
    if (!ended) sendNote(this.node, this.names.frame, Kind.SourceOffline);
    this.inputSub?.unsubscribe();
    this.inputSub = null;
    this.inputParts.clear();
    this.layerLink.clear();
    this.revision = null;
    this.snapshot.changed();
    releaseSource(this.node, this.names.owner).catch(() => this.node.metrics.kvErrors.inc({ op: 'release' }));
  }

  private onInput(data: Uint8Array): void {
    const m = receiveFragment(this.node, this.inputParts, data, this.maxMessageBytes);
    if (!m || this.channel.source === null) return;
    const [type, flags] = [m.message[0]!, m.message[1]!];
    if ((flags & Flag.Input) === 0) {
      if (type === FrameType.LayerReport) this.layerLink.onReport(m.relay, m.message);
    } else if (type === InputType.KeyframeRequest) {
      // A layered request (a remote receiver's layer, or one switching) asks for that layer only.
      if (!this.channel.layers.requestLayerKeyframe(frameLayer(flags))) this.channel.requestKeyframe();
    } else if (this.remoteIds.stamp(m.relay, m.message)) this.channel.toSource(m.message, m.message[0]!);
  }

  // ---- another relay holds the source ----

  remoteInput(bytes: Uint8Array): void {
    if (this.owner !== null) sendMessage(this.node, this.names.input, bytes, this.node.nextInputId());
  }

  receiversChanged(before: number, after: number): void {
    if (before === 0 && after > 0) this.follow();
    else if (after === 0) this.unfollow();
    // The last one left: report now, the channel may be dropped before the end of this turn.
    if (after === 0) this.layerLink.report();
    else this.layerLink.schedule();
  }

  layersChanged(): void {
    this.layerLink.schedule();
  }

  remoteLayers(): readonly LayerAssignment[] {
    return this.layerLink.entries();
  }

  private follow(): void {
    if (this.frameSub) return;
    this.frameSub = this.node.subscribe(this.names.frame, (d) => this.onFrame(d));
    if (!this.frameSub || this.channel.source) return;
    this.held = [];
    this.loadSnapshot().finally(() => this.release());
  }

  private unfollow(): void {
    this.frameSub?.unsubscribe();
    this.frameSub = null;
    this.frameParts.clear();
    this.held = null;
    this.joinAt = null;
  }

  private async loadSnapshot(): Promise<void> {
    const { owner, snapshot: snap } = await readChannelRecord(this.node, this.names);
    if (owner !== null) this.online(owner);
    if (!snap || this.channel.source || this.frameSub === null) return;
    for (const m of snap.messages) this.apply(m);
    const { held, joined, pending } = joinSnapshot(snap, this.held ?? []);
    this.held = held;
    this.joinAt = pending;
    if (!joined) this.gate.gap();
  }

  private release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const a of held) this.deliver(a);
  }

  private onFrame(data: Uint8Array): void {
    const env = readEnvelope(data);
    if (!env || env.relay === this.node.id) return;
    this.node.liveness.seen(env.relay);
    if (env.kind === Kind.SourceOnline) {
      // Its ids may start again (a new link there), so the reassembler goes. From the relay
      // followed already, it means its NATS connection came back: what it sent meanwhile is lost.
      this.frameParts.delete(env.relay);
      if (this.owner === env.relay && this.remoteSource) this.gate.gap();
      this.online(env.relay);
      return;
    }
    if (env.kind === Kind.SourceOffline) {
      if (this.owner === env.relay) this.offline();
      return;
    }
    const m = receiveFragment(this.node, this.frameParts, data, this.maxMessageBytes, () => {
      if (this.remoteSource) this.gate.gap();
    });
    if (!m) return;
    if (this.held) this.held.push(m);
    else this.deliver(m);
  }

  private deliver(a: Arrival): void {
    if (this.channel.source) return; // a local source wins: one per channel, claims see to it
    if (this.joinAt) {
      const at = afterSnapshot(this.joinAt, a);
      if (at === 'held') return;
      this.joinAt = null;
      if (at === 'gap') this.gate.gap();
    }
    if (this.owner !== a.relay) this.online(a.relay);
    if (a.lost > 0) this.gate.gap();
    if (this.gate.admit(a.message)) this.apply(a.message);
  }

  /** One message from the source's relay into the local channel (a LayerOffer sets its routing). */
  private apply(m: Uint8Array): void {
    if (m[0] !== FrameType.LayerOffer) return void this.channel.publish(m, m[0]!, m[1]!);
    try {
      this.channel.layers.setOffer(decodeLayerOffer(decodeMessage(m, { maxPayload: 1 })));
    } catch (err) {
      if (!isProtocolError(err)) throw err;
      this.node.metrics.gaps.inc();
    }
  }

  /** Another relay holds the source: the local receivers see it as a new source coming online. */
  private online(relay: number): void {
    if (this.owner === relay || this.channel.source) return;
    this.owner = relay;
    const { channel } = this;
    channel.ended = false;
    channel.layers.reset();
    channel.state.breakChain();
    for (const r of channel.receivers) r.needsPicture = true;
    this.broadcast('online');
    channel.requestKeyframe();
    this.layerLink.schedule();
  }

  private offline(): void {
    this.owner = null;
    if (!this.channel.ended) this.broadcast('offline');
  }

  private broadcast(status: 'online' | 'offline'): void {
    const { channel } = this;
    if (channel.receivers.size === 0) return;
    const msg = encodeStreamStatus(status, { seq: channel.nextSeq(), timestamp: 0 }, channel.receivers.size);
    for (const r of channel.receivers) r.sendControl(msg, FrameType.StreamStatus);
  }

  connected(): void {
    // First connection: subscribe now. A reconnect: the client re-subscribed; frames were missed.
    if (this.channel.receivers.size > 0 && this.frameSub === null) this.follow();
    else if (this.remoteSource) this.gate.gap();
    if (this.channel.source) {
      this.inputSub ??= this.node.subscribe(this.names.input, (d) => this.onInput(d));
      sendNote(this.node, this.names.frame, Kind.SourceOnline);
      this.snapshot.changed();
    }
  }

  disconnected(): void {}

  tick(now: number): void {
    // The owner's heartbeat in KV; a lost record means another relay took the source over.
    if (this.channel.source && this.revision !== null && this.node.connected) {
      const rev = this.revision;
      renewSource(this.node, this.names.owner, rev).then(
        (next) => {
          if (this.revision !== rev) return;
          this.revision = next;
          if (next === null && this.channel.source) {
            this.channel.source.ws.close(RelayCloseCode.SourceExists, 'another relay holds this channel');
          }
        },
        () => this.node.metrics.kvErrors.inc({ op: 'heartbeat' }),
      );
    }
    for (const relay of this.remoteIds.relays())
      if (!this.node.liveness.alive(relay, now)) this.layerLink.dropRelay(relay);
    // Core NATS is at most once: the offer again (a relay that missed it cannot route its
    // receivers), and this relay's receivers (the source's relay keeps changes only).
    if (this.channel.source && this.offer) this.sourceFrame(this.offer);
    // Repeat this relay's receivers (the source's relay keeps changes only).
    if (this.remoteSource && this.channel.receivers.size > 0) this.layerLink.report();
    // The owner relay went silent (killed, cut off): its source is gone.
    if (this.owner !== null && !this.node.liveness.alive(this.owner, now)) this.offline();
  }

  close(): void {
    this.node.unlisten(this);
    this.unfollow();
    this.inputSub?.unsubscribe();
    this.inputSub = null;
    this.layerLink.clear();
    this.layerLink.dispose();
    this.snapshot.dispose();
  }
}
