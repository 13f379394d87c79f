import {
  type CompositionLayer,
  decodeLayerPlacement,
  encodeLayerDirectory,
  FrameType,
  HEADER_SIZE,
  type LayerPlacement,
  readHeader,
} from '../../src/protocol/index';
import type { ChannelStore } from '../channel-store';
import { RelayError } from '../errors';
import type { Peer } from '../peer';
import { splitLayerChannel } from './names';

/** The cluster's part of the directory (cluster/directory-link.ts), when `nats` is set. @internal */
export interface RemoteLayers {
  /** Layers of `base` whose sources are on other relays (offline ones included). */
  layers(base: string): CompositionLayer[];
  /** This relay's own layers of `base` changed: the other relays are told. */
  changed(base: string): void;
}

/** One composition layer the relay knows of: it exists while its sub-channel does. */
interface LayerEntry {
  /** Null until its source's first LayerPlacement: unplaced layers are not listed. */
  placement: LayerPlacement | null;
  /** Its source is connected to this relay. */
  online: boolean;
}

/** The layers of one base channel. */
interface BaseLayers {
  readonly layers: Map<string, LayerEntry>;
  /** Seq of the next LayerDirectory to this base channel's receivers. */
  seq: number;
}

/**
 * The per-channel directory of composition layers (issue 21). Each layer is an ordinary channel
 * `<base>:<name>` (its state, quality layers, cluster and WebRTC carry it unchanged); this object
 * only keeps, per base channel name, where each layer sits and whether its source is there, and
 * sends a LayerDirectory to the base channel's receivers on join and on every change. Keyed by
 * name, not by `Channel`: the base channel may not even be open (no composite receiver yet).
 * @internal
 */
export class CompositionDirectory {
  private readonly bases = new Map<string, BaseLayers>();
  /** Layers on other relays of the cluster; null on a relay without `nats`. */
  remote: RemoteLayers | null = null;

  constructor(
    private readonly store: ChannelStore,
    private readonly limit: number,
  ) {}

  /** Layers known on `base` (placed or not; in a cluster, the other relays' placed ones too). */
  count(base: string): number {
    const names = new Set(this.bases.get(base)?.layers.keys() ?? []);
    for (const l of this.remote?.layers(base) ?? []) names.add(l.name);
    return names.size;
  }

  /**
   * Before a source is admitted on `channel`: a new layer past `maxCompositionLayers` is refused.
   * An existing layer is never refused here (its second source gets the usual 4409).
   * @throws RelayError LIMIT_REACHED
   */
  checkSource(channel: string): void {
    const at = splitLayerChannel(channel);
    if (!at || this.bases.get(at.base)?.layers.has(at.name)) return;
    if (this.remote?.layers(at.base).some((l) => l.name === at.name)) return;
    if (this.count(at.base) >= this.limit) {
      throw new RelayError(
        'LIMIT_REACHED',
        `channel ${at.base} has reached its limit of ${this.limit} composition layers`,
      );
    }
  }

  /** A peer was attached: a layer's source goes online; a base receiver gets the directory. */
  attached(peer: Peer): void {
    const at = splitLayerChannel(peer.channel);
    if (peer.role === 'receiver') {
      if (at === null && this.listed(peer.channel).length > 0) {
        peer.send(this.message(peer.channel), FrameType.LayerDirectory);
      }
      return;
    }
    if (at === null) return;
    let base = this.bases.get(at.base);
    if (!base) {
      base = { layers: new Map(), seq: 0 };
      this.bases.set(at.base, base);
    }
    const entry = base.layers.get(at.name);
    if (entry) {
      entry.online = true;
      if (entry.placement) this.broadcast(at.base);
    } else {
      base.layers.set(at.name, { placement: null, online: true });
    }
  }

  /**
   * A layer's source sent a LayerPlacement (it is consumed here, never forwarded).
   * @throws ProtocolError from the decoder; RelayError FORBIDDEN from a source of a plain channel
   */
  place(peer: Peer, bytes: Uint8Array): void {
    const placement = decodeLayerPlacement({
      header: readHeader(bytes),
      payload: bytes.subarray(HEADER_SIZE),
    });
    const at = splitLayerChannel(peer.channel);
    const entry = at && this.bases.get(at.base)?.layers.get(at.name);
    if (!at || !entry) {
      throw new RelayError(
        'FORBIDDEN',
        'LayerPlacement is for sources of a composition layer (?layer=<name>)',
      );
    }
    const old = entry.placement;
    entry.placement = placement;
    const same =
      old !== null &&
      old.z === placement.z &&
      old.x === placement.x &&
      old.y === placement.y &&
      old.width === placement.width &&
      old.height === placement.height &&
      old.opacity === placement.opacity &&
      old.input === placement.input;
    if (!same) this.broadcast(at.base);
  }

  /**
   * A peer was detached and its channel released (`open`: the channel is still in the store).
   * A layer whose sub-channel was dropped leaves the directory; one whose source left is offline.
   */
  detached(peer: Peer, open: boolean): void {
    const at = splitLayerChannel(peer.channel);
    const base = at && this.bases.get(at.base);
    const entry = at && base?.layers.get(at.name);
    if (!at || !base || !entry) return;
    if (!open) {
      base.layers.delete(at.name);
      if (entry.placement) this.broadcast(at.base);
      if (base.layers.size === 0) this.bases.delete(at.base);
      return;
    }
    // A replaced source leaves after its successor may have come: the layer is online again.
    const source = this.store.get(peer.channel)?.source ?? null;
    if (peer.role === 'source' && entry.online && (source === null || source === peer)) {
      entry.online = false;
      if (entry.placement) this.broadcast(at.base);
    }
  }

  /** This relay's own placed layers of `base` (their sources joined here). */
  own(base: string): CompositionLayer[] {
    const out: CompositionLayer[] = [];
    for (const [name, e] of this.bases.get(base)?.layers ?? []) {
      if (e.placement) out.push({ name, ...e.placement, online: e.online });
    }
    return out;
  }

  /** Base channels with layers on this relay. */
  baseNames(): IterableIterator<string> {
    return this.bases.keys();
  }

  /**
   * The placed layers of `base`, as a LayerDirectory lists them: this relay's and, in a cluster,
   * the others'. One name from several relays (a source that moved): the online one wins, then ours.
   */
  listed(base: string): CompositionLayer[] {
    const out = new Map<string, CompositionLayer>();
    for (const l of this.own(base)) out.set(l.name, l);
    for (const l of this.remote?.layers(base) ?? []) {
      const had = out.get(l.name);
      if (!had || (l.online && !had.online)) out.set(l.name, l);
    }
    return [...out.values()];
  }

  private message(base: string): Uint8Array {
    const entry = this.bases.get(base);
    const seq = entry ? entry.seq++ & 0xffff : 0;
    return encodeLayerDirectory(this.listed(base), { seq, timestamp: 0 });
  }

  /** Our own layers changed: the cluster hears of it, then the receivers here. */
  private broadcast(base: string): void {
    this.remote?.changed(base);
    this.send(base);
  }

  /** Sends the directory to every receiver of the base channel on this relay. */
  send(base: string): void {
    const receivers = this.store.get(base)?.receivers;
    if (!receivers || receivers.size === 0) return;
    const bytes = this.message(base);
    for (const r of receivers) r.send(bytes, FrameType.LayerDirectory);
  }
}
