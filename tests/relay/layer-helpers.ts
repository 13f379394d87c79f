// Hand-made layered sources and a checker of what a receiver applied, with the real codecs.
import { expect } from 'vitest';
import { applyDelta, decodePixels, encodeDelta, encodePixels } from '../../src/codec/index';
import {
  decodeLayerReport,
  decodeMessage,
  encodeLayerOffer,
  encodeMessage,
  encodePing,
  FrameType,
  frameLayer,
  type LayerAssignment,
  peekSeq,
  withLayer,
} from '../../src/protocol/index';
import { type TestClient, typeOf } from './helpers';

export const isReport = (m: Uint8Array): boolean => typeOf(m) === FrameType.LayerReport;
export const reports = (c: TestClient): LayerAssignment[][] =>
  c.received.filter(isReport).map((m) => decodeLayerReport(decodeMessage(m)));
/** A KeyframeRequest for `layer`, as the source gets it. */
export const isLayerKeyRequest = (layer: number) => (m: Uint8Array) =>
  m[0] === 0x70 && (m[1]! & 1) === 1 && frameLayer(m[1]!) === layer;

/** A source of layered frames; every lossless picture it encodes is kept by seq (the truth). */
export class LayeredSource {
  seq = 0;
  readonly truth: Map<number, Uint8Array> = new Map();
  private prev: Uint8Array;

  constructor(
    readonly client: TestClient,
    readonly w = 256,
    readonly h = 256,
  ) {
    this.prev = new Uint8Array(w * h * 4);
  }

  /** Resolves once the relay has handled everything sent so far (it answers a Ping in order). */
  async flushed(): Promise<void> {
    const seq = this.next();
    const pongs = (): number => this.client.received.filter((m) => typeOf(m) === FrameType.Pong).length;
    const before = pongs();
    this.client.send(encodePing({ seq, timestamp: 0 }));
    await this.client.find(() => pongs() > before);
  }

  offer(mask: number): void {
    this.client.send(encodeLayerOffer(mask, { seq: this.next(), timestamp: 0 }));
  }

  /** A raw lossless keyframe (layer 1). */
  keyframe(): number {
    const seq = this.next();
    const pic = this.picture(true, seq);
    const m = encodePixels(pic, this.w, this.h, { seq, timestamp: seq * 33 });
    m[1] = withLayer(m[1]!, 1);
    this.client.send(m);
    return seq;
  }

  /** A lossless delta (layer 1): every pixel changes when `big`, else a few. */
  delta(big = false): number {
    const seq = this.next();
    const before = this.prev.slice();
    const pic = this.picture(big, seq);
    const m = encodeDelta(pic, before, this.w, this.h, { seq, timestamp: seq * 33 });
    m[1] = withLayer(m[1]!, 1);
    this.client.send(m);
    return seq;
  }

  /** A lossy picture (layer 2; the relay never decodes it). */
  lossy(bytes = 2000): number {
    const seq = this.next();
    this.client.send(
      encodeMessage(
        {
          type: FrameType.CompressedPixels,
          flags: withLayer(0, 2),
          seq,
          timestamp: seq * 33,
          width: this.w,
          height: this.h,
        },
        new Uint8Array(bytes).fill(seq & 0xff),
      ),
    );
    return seq;
  }

  private picture(all: boolean, seq: number): Uint8Array {
    const pic = this.prev.slice();
    // Noise (xorshift), so a delta of every pixel stays about as large as the picture.
    let x = seq * 2654435761 || 1;
    const step = all ? 1 : 997;
    for (let i = seq % step; i < pic.length; i += step) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      pic[i] = x & 0xff;
    }
    this.prev = pic;
    this.truth.set(seq, pic);
    return pic;
  }

  private next(): number {
    this.seq = (this.seq + 1) & 0xffff;
    return this.seq;
  }
}

const KEY_TYPES: ReadonlySet<number> = new Set([
  FrameType.Pixels,
  FrameType.CompressedPixels,
  FrameType.SignalSync,
]);
const PICTURE_TYPES: ReadonlySet<number> = new Set([
  ...KEY_TYPES,
  FrameType.DeltaPixels,
  FrameType.SignalDiff,
]);

/**
 * Replays what a receiver got as a decoder would: every lossless picture it can build (keyframe,
 * then deltas applied with the real codec) must equal the source's picture of that seq, a delta
 * never comes without its base (a lossy picture in between drops the base), and every change of
 * layer starts with a keyframe of the new layer. Returns the layers it saw, in order.
 */
export function checkApplied(
  messages: readonly Uint8Array[],
  truth: ReadonlyMap<number, Uint8Array>,
): number[] {
  let base: Uint8Array | null = null;
  let layer = -1;
  const seen: number[] = [];
  for (const m of messages) {
    const type = typeOf(m);
    if (!PICTURE_TYPES.has(type)) continue;
    const l = frameLayer(m[1]!);
    if (l !== layer) {
      expect(KEY_TYPES.has(type), `layer ${layer} -> ${l} at a ${type.toString(16)}, not a keyframe`).toBe(
        true,
      );
      layer = l;
      seen.push(l);
    }
    const seq = peekSeq(m);
    if (type === FrameType.Pixels) base = decodePixels(decodeMessage(m)).rgba.slice();
    else if (type === FrameType.DeltaPixels) {
      expect(base, `delta ${seq} without its base`).not.toBeNull();
      applyDelta(decodeMessage(m), base!);
    } else {
      base = null;
      continue;
    }
    expect(Buffer.compare(base!, truth.get(seq)!), `picture ${seq} differs from the source's`).toBe(0);
  }
  return seen;
}
