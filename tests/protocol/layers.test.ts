import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  decodeLayerOffer,
  decodeLayerReport,
  decodeMessage,
  encodeLayerKeyframeRequest,
  encodeLayerOffer,
  encodeLayerReport,
  encodeMessage,
  Flag,
  FrameType,
  frameFlagsError,
  frameLayer,
  InputType,
  type LayerAssignment,
  LayerReason,
  layerBit,
  offeredLayers,
  QualityLayer,
  withLayer,
} from '../../src/internal';

const hex = (u8: Uint8Array): string => Array.from(u8, (b) => b.toString(16).padStart(2, '0')).join(' ');
const meta = { seq: 3, timestamp: 0 };
const header = { flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 };

describe('the quality-layer field (flags bits 3-4)', () => {
  it('reads and writes without touching the other bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 3 }), (flags, layer) => {
        const out = withLayer(flags, layer as QualityLayer);
        expect(frameLayer(out)).toBe(layer);
        expect(out & ~0x18).toBe(flags & ~0x18);
      }),
    );
    expect(withLayer(Flag.Keyframe, QualityLayer.Lossy)).toBe(0x12);
    expect(frameLayer(0x1a)).toBe(QualityLayer.Signal);
  });

  it('accepts each layer only on its own frame types', () => {
    const lossless = withLayer(0, QualityLayer.Lossless);
    expect(frameFlagsError(FrameType.Pixels, lossless | Flag.Keyframe | Flag.Compressed)).toBeNull();
    expect(frameFlagsError(FrameType.DeltaPixels, lossless)).toBeNull();
    expect(frameFlagsError(FrameType.CompressedPixels, withLayer(Flag.Keyframe, 2))).toBeNull();
    expect(frameFlagsError(FrameType.SignalDiff, withLayer(0, 3))).toBeNull();
    expect(frameFlagsError(FrameType.CompressedPixels, lossless)).toMatch(/lossless layer/);
    expect(frameFlagsError(FrameType.Pixels, withLayer(0, QualityLayer.Signal))).toMatch(/signal layer/);
    expect(frameFlagsError(FrameType.AudioCompressed, withLayer(0, 2))).toMatch(/lossy layer/);
    expect(frameFlagsError(FrameType.End, withLayer(0, 1))).not.toBeNull();
    // The older rule still holds on a layer.
    expect(frameFlagsError(FrameType.DeltaPixels, lossless | Flag.Keyframe)).toMatch(/FLAG_KEYFRAME/);
  });
});

describe('LayerOffer (0x52)', () => {
  it('is one mask byte, bit n for layer n', () => {
    const mask = layerBit(1) | layerBit(3);
    const msg = encodeLayerOffer(mask, meta);
    expect(hex(msg)).toBe('52 00 03 00 00 00 00 00 00 00 00 00 01 00 00 00 0a');
    expect(decodeLayerOffer(decodeMessage(msg))).toBe(0x0a);
    expect(offeredLayers(0x0a)).toEqual([1, 3]);
    expect(decodeFrame(decodeMessage(msg))).toEqual({ kind: 'layer-offer', mask: 0x0a });
  });

  it('refuses reserved bits, a wrong size and FLAG_INPUT with typed errors', () => {
    expect(() => encodeLayerOffer(0x01, meta)).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    const bad =
      (payload: number[], flags = 0) =>
      () =>
        decodeLayerOffer(
          decodeMessage(encodeMessage({ ...header, flags, type: 0x52 }, new Uint8Array(payload))),
        );
    expect(bad([0x11])).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    expect(bad([])).toThrow(expect.objectContaining({ code: 'SIZE_MISMATCH' }));
    expect(bad([2, 2])).toThrow(expect.objectContaining({ code: 'SIZE_MISMATCH' }));
    expect(bad([2], Flag.Input)).toThrow(expect.objectContaining({ code: 'UNKNOWN_TYPE' }));
  });
});

describe('LayerReport (0x53)', () => {
  it('is count u16 LE, then id u16 LE, layer u8, reason u8 per receiver', () => {
    const msg = encodeLayerReport([{ id: 0x0102, layer: 2, reason: 'congested' }], meta);
    expect(hex(msg)).toBe('53 00 03 00 00 00 00 00 00 00 00 00 06 00 00 00 01 00 02 01 02 01');
    expect(LayerReason.congested).toBe(1);
  });

  it('round-trips any list of assignments', () => {
    const entry = fc.record({
      id: fc.integer({ min: 1, max: 0xffff }),
      layer: fc.integer({ min: 0, max: 3 }).map((l) => l as QualityLayer),
      reason: fc.constantFrom(...(Object.keys(LayerReason) as (keyof typeof LayerReason)[])),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 50 }), (entries: LayerAssignment[]) => {
        const m = decodeMessage(encodeLayerReport(entries, meta));
        expect(decodeLayerReport(m)).toEqual(entries);
        expect(decodeFrame(m)).toEqual({ kind: 'layer-report', layers: entries });
      }),
    );
  });

  it('refuses an id 0, a layer over 3, an unknown reason and a wrong length', () => {
    const bad = (payload: number[]) => () =>
      decodeLayerReport(decodeMessage(encodeMessage({ ...header, type: 0x53 }, new Uint8Array(payload))));
    expect(bad([1, 0, 0, 0, 1, 0])).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    expect(bad([1, 0, 1, 0, 4, 0])).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    expect(bad([1, 0, 1, 0, 1, 9])).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    expect(bad([2, 0, 1, 0, 1, 0])).toThrow(expect.objectContaining({ code: 'SIZE_MISMATCH' }));
    expect(bad([1])).toThrow(expect.objectContaining({ code: 'SIZE_MISMATCH' }));
    expect(() => encodeLayerReport([{ id: 0, layer: 1, reason: 'join' }], meta)).toThrow(
      expect.objectContaining({ code: 'BAD_PAYLOAD' }),
    );
  });
});

describe('a KeyframeRequest for one layer', () => {
  it('carries the layer in its flags beside FLAG_INPUT', () => {
    const m = decodeMessage(encodeLayerKeyframeRequest(QualityLayer.Lossy, meta));
    expect(m.header.type).toBe(InputType.KeyframeRequest);
    expect(m.header.flags).toBe(Flag.Input | 0x10);
    expect(frameLayer(m.header.flags)).toBe(QualityLayer.Lossy);
    expect(decodeFrame(m)).toEqual({ kind: 'input', event: { kind: 'keyframe-request' } });
  });
});
