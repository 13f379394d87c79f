// The composition directory shared across the cluster (docs/RELAY.md "Composition layers").
import {
  type CompositionLayer,
  decodeLayerDirectory,
  decodeMessage,
  encodeLayerDirectory,
} from '../../src/protocol/index';
import type { ChannelStore } from '../channel-store';
import type { CompositionDirectory, RemoteLayers } from '../composition/directory';
import { layerChannel } from '../composition/names';
import type { ClusterNode, ConnectionListener } from './nats-node';
import { channelToken } from './subjects';

/** Every base channel's directory subject (one token: the base's `channelToken`). @internal */
export const DIRECTORY_SUBJECTS = 'ds.ch.*.dir';

/** The subject relays publish base channel `base`'s layers on. @internal */
export function directorySubject(base: string): string {
  return `ds.ch.${channelToken(base)}.dir`;
}

/** What the shared directory needs of the relay's own (`CompositionDirectory`). @internal */
export interface DirectoryHost {
  /** This relay's own placed layers of `base` (their sources joined this relay). */
  own(base: string): CompositionLayer[];
  /** Base channels with layers on this relay. */
  bases(): Iterable<string>;
  /** The remote part of `base`'s directory changed: tell its receivers here. */
  remoteChanged(base: string): void;
  /** True while this relay holds the sub-channel of layer `name` (receivers of that layer). */
  holds(base: string, name: string): boolean;
}

/** One remote relay's layers of one base channel. */
interface RelayLayers {
  /** Until when it counts as alive (3 of its heartbeats after its last message). */
  until: number;
  /** By name; `kept`: no longer listed by its relay (or it went silent), kept offline while held here. */
  layers: Map<string, { layer: CompositionLayer; kept: boolean }>;
}

/**
 * Each relay publishes its own layers of a base channel (placement and online state, as a
 * LayerDirectory message after `relay u32 | hb u32 | baseLen u8 | base`) on `ds.ch.<base>.dir`
 * on every change and every heartbeat, and merges what the others publish into the directory
 * its base receivers get. A layer its relay stops listing, or whose relay goes silent for 3 of
 * its heartbeats, turns offline, and stays listed (offline) while this relay holds that layer's
 * sub-channel, as a layer does on one relay; otherwise it leaves the directory.
 * @internal
 */
export class ClusterDirectory implements ConnectionListener, RemoteLayers {
  private readonly remote = new Map<string, Map<number, RelayLayers>>();
  /** Bases whose layers this relay published: one empty list goes out after the last leaves. */
  private readonly announced = new Set<string>();
  private subscribed = false;

  constructor(
    private readonly node: ClusterNode,
    private readonly host: DirectoryHost,
  ) {
    node.listen(this);
  }

  /** Remote layers of `base` (offline ones included). */
  layers(base: string): CompositionLayer[] {
    const out: CompositionLayer[] = [];
    for (const r of this.remote.get(base)?.values() ?? [])
      for (const e of r.layers.values()) out.push(e.layer);
    return out;
  }

  /** This relay's own layers of `base` changed: tell the other relays now. */
  changed(base: string): void {
    this.publish(base);
  }

  connected(): void {
    // The client re-subscribes by itself after a reconnect: subscribe once.
    if (!this.subscribed && this.node.subscribe(DIRECTORY_SUBJECTS, (d) => this.onMessage(d))) {
      this.subscribed = true;
    }
    for (const base of this.host.bases()) this.publish(base);
  }

  disconnected(): void {}

  tick(now: number): void {
    // At most once on core NATS: repeat, so a relay that joined or missed one hears it.
    for (const base of new Set([...this.host.bases(), ...this.announced])) this.publish(base);
    for (const [base, relays] of this.remote) {
      let changed = false;
      for (const [id, r] of relays) {
        if (r.until < now) changed = this.drop(base, r, [...r.layers.keys()]) || changed;
        for (const [name, e] of r.layers) {
          if (e.kept && !this.host.holds(base, name)) {
            r.layers.delete(name);
            changed = true;
          }
        }
        if (r.layers.size === 0) relays.delete(id);
      }
      if (relays.size === 0) this.remote.delete(base);
      if (changed) this.host.remoteChanged(base);
    }
  }

  private publish(base: string): void {
    const own = this.host.own(base);
    if (own.length === 0 && !this.announced.has(base)) return;
    if (own.length === 0) this.announced.delete(base);
    else this.announced.add(base);
    const name = new TextEncoder().encode(base);
    const dir = encodeLayerDirectory(own, { seq: 0, timestamp: 0 });
    const out = new Uint8Array(9 + name.length + dir.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, this.node.id, true);
    v.setUint32(4, this.node.heartbeatMs, true);
    out[8] = name.length;
    out.set(name, 9);
    out.set(dir, 9 + name.length);
    this.node.publish(directorySubject(base), out);
  }

  private onMessage(data: Uint8Array): void {
    if (data.byteLength < 9) return;
    const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const id = v.getUint32(0, true);
    const hb = v.getUint32(4, true);
    const end = 9 + data[8]!;
    if (id === this.node.id || data.byteLength < end) return;
    const base = new TextDecoder().decode(data.subarray(9, end));
    let listed: CompositionLayer[];
    try {
      listed = decodeLayerDirectory(decodeMessage(data.subarray(end))).layers;
    } catch {
      // A malformed directory from a peer relay is dropped, never trusted in part.
      return;
    }
    let relays = this.remote.get(base);
    if (!relays) {
      relays = new Map();
      this.remote.set(base, relays);
    }
    let r = relays.get(id);
    if (!r) {
      r = { until: 0, layers: new Map() };
      relays.set(id, r);
    }
    r.until = Date.now() + 3 * Math.max(hb, 1);
    const names = new Set(listed.map((l) => l.name));
    let changed = this.drop(
      base,
      r,
      [...r.layers.keys()].filter((n) => !names.has(n)),
    );
    for (const layer of listed) {
      const old = r.layers.get(layer.name);
      if (!old || old.kept || !sameLayer(old.layer, layer)) changed = true;
      r.layers.set(layer.name, { layer, kept: false });
    }
    if (r.layers.size === 0) relays.delete(id);
    if (relays.size === 0) this.remote.delete(base);
    if (changed) this.host.remoteChanged(base);
  }

  /** Layers `names` of relay `r` went away: offline and kept while held here, else removed. */
  private drop(base: string, r: RelayLayers, names: readonly string[]): boolean {
    let changed = false;
    for (const name of names) {
      const e = r.layers.get(name)!;
      if (this.host.holds(base, name)) {
        changed = changed || e.layer.online;
        r.layers.set(name, { layer: { ...e.layer, online: false }, kept: true });
      } else {
        r.layers.delete(name);
        changed = true;
      }
    }
    return changed;
  }
}

function sameLayer(a: CompositionLayer, b: CompositionLayer): boolean {
  return (
    a.online === b.online &&
    a.z === b.z &&
    a.x === b.x &&
    a.y === b.y &&
    a.width === b.width &&
    a.height === b.height &&
    a.opacity === b.opacity &&
    a.input === b.input
  );
}

/** Shares `directory` over the cluster of `node`: its remote part, listening from now on. @internal */
export function shareDirectory(
  node: ClusterNode,
  directory: CompositionDirectory,
  store: ChannelStore,
): ClusterDirectory {
  const shared = new ClusterDirectory(node, {
    own: (base) => directory.own(base),
    bases: () => [...directory.baseNames()],
    remoteChanged: (base) => directory.send(base),
    holds: (base, name) => store.get(layerChannel(base, name)) !== undefined,
  });
  directory.remote = shared;
  return shared;
}
