import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CompositionLayer,
  compositeSize,
  decodeFrame,
  decodeLayerDirectory,
  decodeLayerPlacement,
  decodeMessage,
  encodeLayerDirectory,
  encodeLayerPlacement,
  encodeMessage,
  Flag,
  FrameType,
  type LayerPlacement,
} from '../../src/internal';

const hex = (u8: Uint8Array): string => Array.from(u8, (b) => b.toString(16).padStart(2, '0')).join(' ');
const meta = { seq: 3, timestamp: 0 };
const header = { flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 };
const code = (c: string) => expect.objectContaining({ code: c });

const placementArb: fc.Arbitrary<LayerPlacement> = fc.record({
  z: fc.integer({ min: -0x8000, max: 0x7fff }),
  x: fc.integer({ min: 0, max: 0xffff }),
  y: fc.integer({ min: 0, max: 0xffff }),
  width: fc.integer({ min: 1, max: 0xffff }),
  height: fc.integer({ min: 1, max: 0xffff }),
  opacity: fc.integer({ min: 0, max: 255 }),
  input: fc.boolean(),
});

describe('LayerPlacement (0x58)', () => {
  it('is z i16, x, y, width, height u16 LE, opacity, flags, reserved', () => {
    const msg = encodeLayerPlacement(
      { z: -2, x: 0x0102, y: 3, width: 640, height: 360, opacity: 0x80, input: true },
      meta,
    );
    expect(hex(msg)).toBe(
      '58 00 03 00 00 00 00 00 00 00 00 00 0d 00 00 00 fe ff 02 01 03 00 80 02 68 01 80 01 00',
    );
    expect(decodeFrame(decodeMessage(msg))).toEqual({
      kind: 'layer-placement',
      placement: { z: -2, x: 258, y: 3, width: 640, height: 360, opacity: 128, input: true },
    });
    expect(FrameType.LayerPlacement).toBe(0x58);
  });

  it('round-trips any placement (fast-check)', () => {
    fc.assert(
      fc.property(placementArb, (p) => {
        expect(decodeLayerPlacement(decodeMessage(encodeLayerPlacement(p, meta)))).toEqual(p);
      }),
    );
  });

  it('refuses out-of-range fields, a wrong size, flag bits, reserved bytes and FLAG_INPUT', () => {
    const ok: LayerPlacement = { z: 0, x: 0, y: 0, width: 1, height: 1, opacity: 255, input: false };
    for (const bad of [
      { z: 0x8000 },
      { x: -1 },
      { width: 0 },
      { height: 0x10000 },
      { opacity: 256 },
      { x: 0.5 },
    ]) {
      expect(() => encodeLayerPlacement({ ...ok, ...bad }, meta)).toThrow(code('BAD_PAYLOAD'));
    }
    const raw =
      (payload: number[], flags = 0) =>
      () =>
        decodeLayerPlacement(
          decodeMessage(encodeMessage({ ...header, flags, type: 0x58 }, new Uint8Array(payload))),
        );
    const good = [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 255, 1, 0];
    expect(raw(good)()).toEqual({ ...ok, input: true });
    expect(raw(good.slice(0, 12))).toThrow(code('SIZE_MISMATCH'));
    expect(raw([...good, 0])).toThrow(code('SIZE_MISMATCH'));
    expect(raw(good.map((b, i) => (i === 11 ? 3 : b)))).toThrow(code('BAD_PAYLOAD'));
    expect(raw(good.map((b, i) => (i === 12 ? 1 : b)))).toThrow(code('BAD_PAYLOAD'));
    expect(raw(good.map((b, i) => (i === 6 ? 0 : b)))).toThrow(code('BAD_PAYLOAD'));
    expect(raw(good, Flag.Input)).toThrow(code('UNKNOWN_TYPE'));
  });
});

const layer = (name: string, p: Partial<CompositionLayer> = {}): CompositionLayer => ({
  name,
  z: 0,
  x: 0,
  y: 0,
  width: 10,
  height: 10,
  opacity: 255,
  input: true,
  online: true,
  ...p,
});

describe('LayerDirectory (0x59)', () => {
  it('is width, height u16, count u8, then nameLen, name, placement and flags per layer', () => {
    const msg = encodeLayerDirectory(
      [layer('b', { z: 1, x: 4, width: 8, online: false, input: false }), layer('a', { height: 20 })],
      meta,
    );
    // Sorted by z: a (z 0) first; composite 12 x 20 (b's right edge, a's bottom edge).
    expect(hex(msg.subarray(16))).toBe(
      '0c 00 14 00 02 ' +
        '01 61 00 00 00 00 00 00 0a 00 14 00 ff 03 ' +
        '01 62 01 00 04 00 00 00 08 00 0a 00 ff 00',
    );
    expect(decodeFrame(decodeMessage(msg))).toEqual({
      kind: 'layer-directory',
      width: 12,
      height: 20,
      layers: [layer('a', { height: 20 }), layer('b', { z: 1, x: 4, width: 8, online: false, input: false })],
    });
    expect(hex(encodeLayerDirectory([], meta).subarray(12))).toBe('05 00 00 00 00 00 00 00 00');
  });

  it('round-trips any set of layers, sorted by z then name (fast-check)', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/);
    const arb = fc.uniqueArray(
      fc.tuple(name, placementArb, fc.boolean()).map(([n, p, online]) => ({ name: n, ...p, online })),
      { selector: (l) => l.name, maxLength: 20 },
    );
    fc.assert(
      fc.property(arb, (layers) => {
        const d = decodeLayerDirectory(decodeMessage(encodeLayerDirectory(layers, meta)));
        const sorted = [...layers].sort(
          (a, b) => a.z - b.z || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
        );
        expect(d.layers).toEqual(sorted);
        expect({ width: d.width, height: d.height }).toEqual(compositeSize(layers));
      }),
    );
  });

  it('refuses bad names, repeats, too many layers on encode', () => {
    for (const n of ['', 'a:b', 'é', 'x'.repeat(33)]) {
      expect(() => encodeLayerDirectory([layer(n)], meta)).toThrow(code('BAD_PAYLOAD'));
    }
    expect(() => encodeLayerDirectory([layer('a'), layer('a', { z: 4 })], meta)).toThrow(code('BAD_PAYLOAD'));
    const many = Array.from({ length: 256 }, (_, i) => layer(`l${i}`));
    expect(() => encodeLayerDirectory(many, meta)).toThrow(code('BAD_PAYLOAD'));
    expect(() => encodeLayerDirectory([layer('a', { width: 0 })], meta)).toThrow(code('BAD_PAYLOAD'));
  });

  it('refuses truncated, trailing, unordered, repeated and inconsistent payloads on decode', () => {
    const raw = (payload: number[]) => () =>
      decodeLayerDirectory(decodeMessage(encodeMessage({ ...header, type: 0x59 }, new Uint8Array(payload))));
    const entry = (n: number, z: number, flags = 3) => [1, n, z, 0, 0, 0, 0, 0, 10, 0, 10, 0, 255, flags];
    const one = [10, 0, 10, 0, 1, ...entry(0x61, 0)];
    expect(raw(one)().layers).toEqual([layer('a')]);
    expect(raw([10, 0, 10, 0])).toThrow(code('SIZE_MISMATCH'));
    expect(raw(one.slice(0, -1))).toThrow(code('SIZE_MISMATCH'));
    expect(raw([...one, 0])).toThrow(code('SIZE_MISMATCH'));
    expect(raw([10, 0, 10, 0, 2, ...entry(0x61, 0)])).toThrow(code('SIZE_MISMATCH'));
    expect(raw([10, 0, 10, 0, 2, ...entry(0x62, 0), ...entry(0x61, 0)])).toThrow(code('BAD_PAYLOAD'));
    expect(raw([10, 0, 10, 0, 2, ...entry(0x61, 1), ...entry(0x61, 2)])).toThrow(code('BAD_PAYLOAD'));
    expect(raw([10, 0, 10, 0, 1, ...entry(0x3a, 0)])).toThrow(code('BAD_PAYLOAD'));
    expect(raw([10, 0, 10, 0, 1, ...entry(0x61, 0, 4)])).toThrow(code('BAD_PAYLOAD'));
    expect(raw([11, 0, 10, 0, 1, ...entry(0x61, 0)])).toThrow(code('BAD_PAYLOAD'));
    expect(raw([0, 0, 0, 0, 1, 0, ...entry(0x61, 0).slice(2)])).toThrow(code('BAD_PAYLOAD'));
  });
});
