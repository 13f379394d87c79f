// The three quality layers' retained state of one channel, and the keyframe requests the source
// gets for each (rate-limited per layer, so one slow switcher cannot flood the source).
import { encodeLayerKeyframeRequest, type LayerId, type QualityLayer } from '../../src/protocol/index';
import type { ChannelState } from '../channel-state';
import type { LayerHost } from './layer-host';
import { LayerTrack } from './layer-track';

/** A channel's layer tracks 1-3 (layer 0 is the channel's own unlayered state). @internal */
export class LayerTracks {
  private readonly tracks: Map<LayerId, LayerTrack> = new Map();

  constructor(private readonly host: LayerHost) {
    for (const id of [1, 2, 3] as const) {
      this.tracks.set(
        id,
        new LayerTrack(id, host.newState(), host.policy.now(), () => this.requestKeyframe(id)),
      );
    }
  }

  get(layer: LayerId): LayerTrack {
    return this.tracks.get(layer)!;
  }

  values(): IterableIterator<LayerTrack> {
    return this.tracks.values();
  }

  /** Bytes retained across the layers' states. */
  get retainedBytes(): number {
    let n = 0;
    for (const t of this.tracks.values()) n += t.state.retainedBytes;
    return n;
  }

  /** Bytes of the layers' delta logs. */
  get deltaBytes(): number {
    let n = 0;
    for (const t of this.tracks.values()) n += t.state.deltaBytes;
    return n;
  }

  /** The states of `layers`, in that order. */
  *states(layers: readonly LayerId[]): Generator<[LayerId, ChannelState]> {
    for (const l of layers) yield [l, this.get(l).state];
  }

  /** End: the layers' pictures are over. */
  clear(): void {
    for (const t of this.tracks.values()) t.state.clear();
  }

  /** Budget eviction: all retained layer state, or the delta logs only. */
  drop(all: boolean): void {
    for (const t of this.tracks.values()) {
      if (all) {
        t.state.dropPicture();
        t.state.dropSignal();
      } else t.state.breakChain();
    }
  }

  /** Clears the retained state of every layer not in `wanted`; true when something was cleared. */
  keepOnly(wanted: ReadonlySet<QualityLayer>): boolean {
    let changed = false;
    for (const t of this.tracks.values()) {
      if (!wanted.has(t.id) && t.state.retainedBytes > 0) {
        t.state.clear();
        changed = true;
      }
    }
    return changed;
  }

  /** Asks the source for a keyframe of `layer`, at most once per `keyframeRequestIntervalMs` unless `force`. */
  requestKeyframe(layer: LayerId, force = false): void {
    if (!this.host.sourceReachable) return;
    const track = this.get(layer);
    const now = performance.now();
    if (!force && now - track.lastKeyframeRequest < this.host.keyframeRequestIntervalMs) return;
    track.lastKeyframeRequest = now;
    this.host.metrics.keyframeRequests.inc();
    this.host.keyframeRequest(encodeLayerKeyframeRequest(layer, { seq: this.host.nextSeq(), timestamp: 0 }));
  }
}
