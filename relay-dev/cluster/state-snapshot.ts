import { HEADER_SIZE, type LayerId, peekPayloadLength } from '../../src/protocol/index';
import type { Channel } from '../channel';
import type { ChannelState } from '../channel-state';
import type { ClusterNode } from './nats-node';

/**
 * The channel state a relay's first receiver needs, as one KV value written by the source's
 * relay: `relay u32 | lastId u32 | chained u8`, then whole protocol messages back to back (the
 * keyframe, its delta log when `chained`, the merged SignalSync). `lastId` is the id of the last
 * frame the snapshot includes, so the reader can join it to the live frames it buffered.
 * @internal
 */
export interface Snapshot {
  relay: number;
  lastId: number;
  /** True when keyframe + deltas are the picture at `lastId` (false: keyframe alone, older). */
  chained: boolean;
  messages: Uint8Array[];
}

const PREFIX = 9;

/**
 * Builds the snapshot value, at most `limit` bytes: the delta log goes first when it does not
 * fit, then the picture; null when there is nothing to keep.
 * @internal
 */
export function encodeSnapshot(
  state: ChannelState,
  relay: number,
  lastId: number,
  limit: number,
): Uint8Array | null {
  const signal = state.signalSync();
  const keyframe = state.keyframe;
  const deltas = state.deltas ?? [];
  const signalBytes = signal?.byteLength ?? 0;
  let chained = keyframe !== null && state.deltas !== null;
  let picture: readonly Uint8Array[] = keyframe ? [keyframe, ...deltas] : [];
  let size = PREFIX + signalBytes + picture.reduce((n, m) => n + m.byteLength, 0);
  if (size > limit && keyframe) {
    chained = false;
    picture = [keyframe];
    size = PREFIX + signalBytes + keyframe.byteLength;
  }
  if (size > limit) {
    picture = [];
    size = PREFIX + signalBytes;
  }
  if (size > limit || (picture.length === 0 && signal === null)) return null;
  return packSnapshot(relay, lastId, chained, signal ? [...picture, signal] : picture);
}

/** The snapshot value of `messages` (whole protocol messages). @internal */
export function packSnapshot(
  relay: number,
  lastId: number,
  chained: boolean,
  messages: readonly Uint8Array[],
): Uint8Array {
  const out = new Uint8Array(PREFIX + messages.reduce((n, m) => n + m.byteLength, 0));
  const v = new DataView(out.buffer);
  v.setUint32(0, relay, true);
  v.setUint32(4, lastId, true);
  out[8] = chained ? 1 : 0;
  let at = PREFIX;
  for (const m of messages) {
    out.set(m, at);
    at += m.byteLength;
  }
  return out;
}

const bytes = (ms: readonly Uint8Array[]): number => ms.reduce((n, m) => n + m.byteLength, 0);

/**
 * A layered channel's snapshot: the source's LayerOffer first (a relay routes its receivers by
 * it), then each offered layer's current picture, best layer first (keyframe + delta log, or the
 * signal resync). Over `limit`: the delta logs go first (not chained), then the worst layers;
 * the offer alone always fits, so a late joiner's relay can still place it and ask for keyframes.
 * @internal
 */
export function encodeLayeredSnapshot(
  offer: Uint8Array,
  layers: readonly (readonly [LayerId, ChannelState])[],
  relay: number,
  lastId: number,
  limit: number,
): Uint8Array {
  let chained = true;
  const full: Uint8Array[][] = [];
  const keys: Uint8Array[][] = [];
  for (const [id, state] of layers) {
    if (id === 3) {
      const resync = state.signalResync() ?? [];
      full.push([...resync]);
      keys.push([...resync]);
      continue;
    }
    if (state.keyframe === null) continue;
    if (state.deltas === null) chained = false;
    full.push([state.keyframe, ...(state.deltas ?? [])]);
    keys.push([state.keyframe]);
  }
  let parts = full;
  const size = (ps: Uint8Array[][]): number => PREFIX + offer.byteLength + bytes(ps.flat());
  if (size(parts) > limit) {
    chained = false;
    parts = keys;
    while (parts.length > 0 && size(parts) > limit) parts = parts.slice(0, -1);
  }
  return packSnapshot(relay, lastId, chained, [offer, ...parts.flat()]);
}

/** Reads a snapshot value; null when it is malformed (a message runs past the end). @internal */
export function decodeSnapshot(value: Uint8Array): Snapshot | null {
  if (value.byteLength < PREFIX) return null;
  const v = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const messages: Uint8Array[] = [];
  let at = PREFIX;
  while (at < value.byteLength) {
    if (value.byteLength - at < HEADER_SIZE) return null;
    const end = at + HEADER_SIZE + peekPayloadLength(value.subarray(at));
    if (end > value.byteLength) return null;
    messages.push(value.slice(at, end));
    at = end;
  }
  return { relay: v.getUint32(0, true), lastId: v.getUint32(4, true), chained: value[8] === 1, messages };
}

/** Delay between a change of the source's state and its KV snapshot. */
const SNAPSHOT_MS = 200;

/**
 * Writes a channel's snapshot to KV (on the source's relay) at most every 200 ms while it
 * changes, one write in flight; a change during a write is written after it.
 * @internal
 */
export class SnapshotWriter {
  private timer: NodeJS.Timeout | null = null;
  private writing = false;
  private again = false;

  constructor(
    private readonly node: ClusterNode,
    private readonly key: string,
    private readonly channel: Channel,
    /** Id of the last frame published, as the snapshot records it. */
    private readonly lastId: () => number,
    /** The source's LayerOffer while it offers layers (then the layers' pictures are written). */
    private readonly offer: () => Uint8Array | null,
  ) {}

  /** The state changed. */
  changed(): void {
    if (this.writing) this.again = true;
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.write();
      }, SNAPSHOT_MS);
      this.timer.unref();
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async write(): Promise<void> {
    const kv = this.node.kv;
    if (!kv || !this.node.connected) return;
    this.writing = true;
    try {
      // Room under max_payload for the JetStream publish's own headers.
      const limit = this.node.maxPayload - 1024;
      const offer = this.channel.layers.layered ? this.offer() : null;
      const value = offer
        ? encodeLayeredSnapshot(
            offer,
            [...this.channel.layers.offeredStates()],
            this.node.id,
            this.lastId(),
            limit,
          )
        : encodeSnapshot(this.channel.state, this.node.id, this.lastId(), limit);
      if (value) await kv.put(this.key, value);
      else await kv.delete(this.key);
    } catch {
      this.node.metrics.kvErrors.inc({ op: 'put' });
    } finally {
      this.writing = false;
      if (this.again) {
        this.again = false;
        this.changed();
      }
    }
  }
}
