// VoiceInput (0x80): the byte layout, and every malformed payload refused with a typed code.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeInput,
  decodeMessage,
  encodeInput,
  InputType,
  isProtocolError,
  MAX_VOICE_DATA,
  pcmVoiceData,
  type VoiceInput,
  voicePcmSamples,
} from '../../src/internal';
import { code, rawInput } from './input-fixture';

const voice = (o: Partial<VoiceInput> = {}): VoiceInput => ({
  kind: 'voice',
  codec: 0,
  start: false,
  end: false,
  seq: 1,
  sampleRate: 16000,
  frames: 2,
  data: Uint8Array.of(1, 2, 3, 4),
  ...o,
});

// A hand-built VoiceInput message, so the decoder meets bytes no encoder would write.
const raw = (payload: number[] | Uint8Array) => rawInput(InputType.VoiceInput, payload);
const header = (codec: number, flags: number, rate: number, frames: number) => {
  const b = new Uint8Array(10);
  const v = new DataView(b.buffer);
  b[0] = codec;
  b[1] = flags;
  v.setUint16(2, 7, true);
  v.setUint32(4, rate, true);
  v.setUint16(8, frames, true);
  return [...b];
};

describe('VoiceInput', () => {
  it('is input 0x80 with codec u8, flags u8, seq u16, rate u32, frames u16, then data', () => {
    const bytes = encodeInput(
      voice({
        codec: 1,
        start: true,
        end: true,
        seq: 0x0102,
        sampleRate: 48000,
        frames: 960,
        data: Uint8Array.of(9, 8),
      }),
    );
    expect(bytes[0]).toBe(0x80);
    expect([...bytes.subarray(16)]).toEqual([1, 3, 0x02, 0x01, 0x80, 0xbb, 0, 0, 0xc0, 0x03, 9, 8]);
  });

  it('round-trips, with a copy of the data', () => {
    const ev = voice({ start: true });
    const msg = decodeMessage(encodeInput(ev));
    const back = decodeInput(msg) as VoiceInput;
    expect(back).toEqual(ev);
    expect(back.data.buffer).not.toBe(msg.payload.buffer);
  });

  it('PCM samples survive the s16 trip within one step', () => {
    const x = Float32Array.of(0, 0.5, -0.5, 1, -1, 2);
    const y = voicePcmSamples(voice({ data: pcmVoiceData(x), frames: x.length }));
    expect([...y].map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 0.5, -0.5, 1, -1, 1]);
  });

  it.each([
    ['shorter than its header', [1, 0, 0], 'BAD_PAYLOAD'],
    ['an unknown codec', [...header(2, 0, 16000, 1), 0, 0], 'BAD_PAYLOAD'],
    ['a reserved flag bit', [...header(1, 0x04, 16000, 1), 0], 'BAD_PAYLOAD'],
    ['a rate under 8 kHz', [...header(1, 0, 7999, 1), 0], 'BAD_PAYLOAD'],
    ['a rate over 96 kHz', [...header(1, 0, 96001, 1), 0], 'BAD_PAYLOAD'],
    ['PCM bytes that are not 2 x frames', [...header(0, 0, 16000, 2), 0, 0, 0], 'BAD_PAYLOAD'],
    ['an empty chunk that does not end the utterance', header(1, 0x01, 48000, 0), 'BAD_PAYLOAD'],
    [
      'data over 16 KiB',
      [...header(1, 0, 48000, 0), ...new Uint8Array(MAX_VOICE_DATA + 1)],
      'PAYLOAD_TOO_LARGE',
    ],
  ] as const)('refuses %s', (_name, payload, expected) => {
    expect(code(() => decodeInput(raw(payload as number[])))).toBe(expected);
  });

  it('accepts an empty last chunk (the end marker)', () => {
    expect((decodeInput(raw(header(1, 0x02, 48000, 0))) as VoiceInput).end).toBe(true);
  });

  it('refuses to encode more than 16 KiB of data', () => {
    expect(code(() => encodeInput(voice({ codec: 1, data: new Uint8Array(MAX_VOICE_DATA + 1) })))).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });

  it.each([
    ['PCM whose frames do not match its bytes', voice({ frames: 3 })],
    ['a rate over 96 kHz', voice({ sampleRate: 192000 })],
    ['a rate under 8 kHz', voice({ sampleRate: 4000 })],
    ['an unknown codec', voice({ codec: 7 as VoiceInput['codec'] })],
    [
      'an empty chunk that does not end the utterance',
      voice({ codec: 1, frames: 960, data: new Uint8Array(0) }),
    ],
  ])('refuses to encode %s, which no source would accept', (_n, ev) => {
    expect(code(() => encodeInput(ev))).toBe('BAD_PAYLOAD');
  });

  it('encodes only chunks it decodes alike (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          codec: fc.constantFrom(0, 1, 2),
          start: fc.boolean(),
          end: fc.boolean(),
          sampleRate: fc.oneof(fc.integer({ min: 0, max: 200000 }), fc.constantFrom(16000, 48000, 44100.5)),
          frames: fc.integer({ min: 0, max: 70000 }),
          bytes: fc.integer({ min: 0, max: 64 }),
        }),
        ({ bytes, ...o }) => {
          const ev = voice({ ...o, codec: o.codec as VoiceInput['codec'], data: new Uint8Array(bytes) });
          let wire: Uint8Array;
          try {
            wire = encodeInput(ev);
          } catch (e) {
            expect(isProtocolError(e)).toBe(true);
            return;
          }
          expect(decodeInput(decodeMessage(wire))).toEqual({ ...ev, seq: ev.seq & 0xffff });
        },
      ),
    );
  });

  it('any bytes either decode to a valid chunk or throw a ProtocolError (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          const ev = decodeInput(raw(bytes)) as VoiceInput;
          expect(ev.sampleRate).toBeGreaterThanOrEqual(8000);
          expect(ev.data.length).toBe(bytes.length - 10);
        } catch (e) {
          expect(isProtocolError(e)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
