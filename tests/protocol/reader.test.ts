import {
  encodeMessage,
  FrameType,
  isProtocolError,
  type Message,
  MessageReader,
  ProtocolError,
} from '@ds-stream/react/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

function frame(seq: number, size: number): Uint8Array {
  const payload = new Uint8Array(size).map((_, i) => (i * 7 + seq) & 0xff);
  return encodeMessage(
    { type: FrameType.Pixels, flags: 2, seq, timestamp: seq * 33, width: 0, height: 0 },
    payload,
  );
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const summary = (ms: Message[]) => ms.map((m) => [m.header.seq, Array.from(m.payload)]);

describe('MessageReader', () => {
  const frames = [frame(1, 0), frame(2, 5), frame(3, 37), frame(4, 1)];
  const stream = concat(frames);
  const expected = summary(
    frames.map((f) => ({ header: { seq: f[2]! } as Message['header'], payload: f.subarray(16) })),
  );

  it('reassembles a multi-message stream split at every pair of points', () => {
    for (let a = 0; a <= stream.length; a++) {
      for (let b = a; b <= stream.length; b += 3) {
        const r = new MessageReader();
        const got = [
          ...r.push(stream.subarray(0, a)),
          ...r.push(stream.subarray(a, b)),
          ...r.push(stream.subarray(b)),
        ];
        expect(summary(got)).toEqual(expected);
        expect(r.bufferedBytes).toBe(0);
      }
    }
  });

  it('reassembles byte by byte', () => {
    const r = new MessageReader();
    const got: Message[] = [];
    for (let i = 0; i < stream.length; i++) got.push(...r.push(stream.subarray(i, i + 1)));
    expect(summary(got)).toEqual(expected);
  });

  it('reassembles under random chunking (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((x, y) => x - y), stream.length];
        const r = new MessageReader();
        const got: Message[] = [];
        for (let i = 1; i < points.length; i++)
          got.push(...r.push(stream.subarray(points[i - 1]!, points[i]!)));
        expect(summary(got)).toEqual(expected);
      }),
    );
  });

  it('gives views when a payload lies in one chunk', () => {
    const r = new MessageReader();
    const [m] = r.push(frames[2]!);
    expect(m!.payload.buffer).toBe(frames[2]!.buffer);
  });

  it('refuses an oversized payload_len as soon as the header arrives', () => {
    const r = new MessageReader({ maxPayload: 16 });
    const big = frame(9, 17);
    let err: unknown;
    try {
      r.push(big.subarray(0, 16)); // header only: no payload byte buffered yet
    } catch (e) {
      err = e;
    }
    expect(isProtocolError(err, 'PAYLOAD_TOO_LARGE')).toBe(true);
    expect(r.errored).toBe(true);
    expect(r.bufferedBytes).toBe(0);
  });

  it('stays errored after its first error', () => {
    const r = new MessageReader();
    const bad = frame(1, 0);
    bad[0] = 0x7a;
    expect(() => r.push(bad)).toThrow(ProtocolError);
    let err: unknown;
    try {
      r.push(frame(2, 0));
    } catch (e) {
      err = e;
    }
    expect(isProtocolError(err, 'READER_ERRORED')).toBe(true);
    expect((err as Error).message).toContain('UNKNOWN_TYPE');
  });

  it('lets a non-protocol exception propagate as itself, not as BAD_PAYLOAD, and stops', () => {
    // A caller bug: the first chunk's buffer is detached (transferred) while the reader holds it.
    const msg = frame(1, 8);
    const held = msg.slice(0, 10);
    const r = new MessageReader();
    expect(r.push(held)).toEqual([]);
    structuredClone(held.buffer, { transfer: [held.buffer] });
    let err: unknown;
    try {
      r.push(msg.slice(10));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TypeError);
    expect(err).not.toBeInstanceOf(ProtocolError);
    expect(r.errored).toBe(true);
    expect(r.bufferedBytes).toBe(0);
    let again: unknown;
    try {
      r.push(frame(2, 0));
    } catch (e) {
      again = e;
    }
    expect(isProtocolError(again, 'READER_ERRORED')).toBe(true);
    expect((again as Error).message).toContain('TypeError');
  });

  it('keeps a ProtocolError as its error, with nothing buffered afterwards', () => {
    const r = new MessageReader();
    const bad = frame(1, 4);
    bad[0] = 0x7a;
    let err: unknown;
    try {
      r.push(bad);
    } catch (e) {
      err = e;
    }
    expect(isProtocolError(err, 'UNKNOWN_TYPE')).toBe(true);
    expect(r.bufferedBytes).toBe(0);
  });

  it('returns nothing until a message completes', () => {
    const r = new MessageReader();
    expect(r.push(frames[2]!.subarray(0, 20))).toEqual([]);
    expect(r.bufferedBytes).toBe(4);
  });
});
