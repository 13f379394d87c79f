import { describe, expect, it } from 'vitest';
import { decodeAudioCompressed, encodeAudioCompressed } from '../../src/codec/index';
import { decodeMessage, encodeMessage, FrameType } from '../../src/protocol/index';
import { hex } from '../helpers/bytes';
import { expectProtocolError } from './expect-error';

const meta = { seq: 2, timestamp: 20 };
const opus = (w: number, h: number, payload: Uint8Array) =>
  decodeMessage(
    encodeMessage(
      { type: FrameType.AudioCompressed, flags: 0, seq: 0, timestamp: 0, width: w, height: h },
      payload,
    ),
  );

describe('compressed audio codec', () => {
  it('wraps one Opus packet: rate in width, channels in height (byte vector)', () => {
    const packet = hex`fc ff fe`;
    const msg = encodeAudioCompressed(packet, 48000, 2, meta);
    expect(msg).toEqual(hex`11 00 0200 14000000 80bb 0200 03000000 fcfffe`);
    const out = decodeAudioCompressed(decodeMessage(msg));
    expect(out).toEqual({ sampleRate: 48000, channels: 2, packet });
    expect(out.packet.buffer).toBe(msg.buffer);
  });

  it('refuses an empty packet or bad rate/channels when encoding (BAD_PAYLOAD)', () => {
    expectProtocolError(
      () => encodeAudioCompressed(new Uint8Array(0), 48000, 1, meta),
      'BAD_PAYLOAD',
      /at least one byte/,
    );
    expectProtocolError(() => encodeAudioCompressed(hex`fc`, 0, 1, meta), 'BAD_PAYLOAD', /sampleRate/);
    expectProtocolError(() => encodeAudioCompressed(hex`fc`, 48000, 1.5, meta), 'BAD_PAYLOAD', /channels/);
  });

  it('rejects empty payloads, zero rate or channels (BAD_PAYLOAD) and other types (UNKNOWN_TYPE)', () => {
    expectProtocolError(
      () => decodeAudioCompressed(opus(48000, 1, new Uint8Array(0))),
      'BAD_PAYLOAD',
      /empty/,
    );
    expectProtocolError(() => decodeAudioCompressed(opus(0, 1, hex`fc`)), 'BAD_PAYLOAD', /sample rate/);
    expectProtocolError(() => decodeAudioCompressed(opus(48000, 0, hex`fc`)), 'BAD_PAYLOAD');
    const pcm = decodeMessage(
      encodeMessage(
        { type: FrameType.AudioPcm, flags: 0, seq: 0, timestamp: 0, width: 1, height: 1 },
        new Uint8Array(4),
      ),
    );
    expectProtocolError(() => decodeAudioCompressed(pcm), 'UNKNOWN_TYPE', /expected AudioCompressed/);
  });
});
