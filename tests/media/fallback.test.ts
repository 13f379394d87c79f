// Node has no WebCodecs, canvas or createImageBitmap: the media adapters must say so with typed
// errors, and the audio message encoder must fall back to AudioPcm. Real codecs run in
// tests/e2e/media.spec.ts (headless Chromium).
import {
  createAudioMessageDecoder,
  createAudioMessageEncoder,
  createOpusDecoder,
  createOpusEncoder,
  type DecodedAudio,
  decodeImage,
  decodeMessage,
  encodeAudioCompressed,
  isMediaError,
  isOpusSupported,
} from '@ds-stream/react/core';
import { describe, expect, test } from 'vitest';

async function code(f: () => unknown): Promise<string> {
  try {
    await f();
    return 'no error';
  } catch (e) {
    return isMediaError(e) ? e.code : `untyped: ${String(e)}`;
  }
}

describe('without WebCodecs (Node)', () => {
  test('feature detection says no, and direct use is UNSUPPORTED', async () => {
    expect(await isOpusSupported()).toBe(false);
    expect(await code(() => createOpusEncoder({ onPacket: () => {} }))).toBe('UNSUPPORTED');
    expect(await code(() => createOpusDecoder({ onAudio: () => {} }))).toBe('UNSUPPORTED');
    expect(await code(() => decodeImage(new Uint8Array([1, 2, 3]), 'image/png'))).toBe('UNSUPPORTED');
  });

  test('an Opus frame cannot be decoded here: UNSUPPORTED, not a crash', async () => {
    const dec = createAudioMessageDecoder({ onAudio: () => {} });
    const msg = decodeMessage(
      encodeAudioCompressed(new Uint8Array([0xfc, 0, 0]), 48_000, 1, { seq: 0, timestamp: 0 }),
    );
    expect(await code(() => dec.decode(msg))).toBe('UNSUPPORTED');
  });

  test.each([
    { options: { channels: 3 }, detail: /channels: 3/ },
    { options: { sampleRate: 1000 }, detail: /sampleRate: 1000/ },
    { options: { bitrate: 10 }, detail: /bitrate: 10/ },
  ])('bad settings $options -> BAD_INPUT', async ({ options, detail }) => {
    const make = () =>
      createAudioMessageEncoder({ ...options, meta: () => ({ seq: 0, timestamp: 0 }), onMessage: () => {} });
    expect(await code(make)).toBe('BAD_INPUT');
    await expect(make()).rejects.toThrowError(detail);
  });

  test.each([1, 2])(
    'auto falls back to AudioPcm in 20 ms messages that decode back exactly (%d ch)',
    async (channels) => {
      const rate = 48_000;
      const src = new Float32Array(rate * channels * 0.05 + 10 * channels).map(
        (_, i) => Math.sin(i / 7) * 0.5,
      );
      const messages: Uint8Array[] = [];
      let seq = 0;
      const enc = await createAudioMessageEncoder({
        sampleRate: rate,
        channels,
        meta: () => ({ seq: seq++, timestamp: seq * 20 }),
        onMessage: (m) => messages.push(m),
      });
      expect(enc.codec).toBe('pcm');
      enc.encode(src.subarray(0, 700 * channels));
      enc.encode(src.subarray(700 * channels));
      await enc.flush();
      // 50 ms + 10 samples: two whole 20 ms frames, then the tail on flush.
      expect(messages.map((m) => decodeMessage(m).header.payloadLength / 4 / channels)).toEqual([
        960, 960, 490,
      ]);
      const out: DecodedAudio[] = [];
      const dec = createAudioMessageDecoder({ onAudio: (a) => out.push(a) });
      for (const m of messages) dec.decode(decodeMessage(m));
      const joined = new Float32Array(out.reduce((n, a) => n + a.samples.length, 0));
      let at = 0;
      for (const a of out) {
        expect(a).toMatchObject({ sampleRate: rate, channels });
        joined.set(a.samples, at);
        at += a.samples.length;
      }
      expect(joined).toEqual(src);
      enc.close();
      expect(await code(() => enc.encode(src))).toBe('CLOSED');
    },
  );
});
