// The source's audio path when the Opus encoder cannot be created (#9): Node has no WebCodecs, so
// asking for Opus fails for real; audio must go on as AudioPcm, and follow format changes.
import { expect, test } from 'vitest';
import { decodeAudioPcm } from '../../src/codec/audio-pcm';
import { decodeMessage, FrameType } from '../../src/protocol/index';
import { AudioSender } from '../../src/source/audio-sender';

function sender(codec: 'opus' | 'pcm') {
  const sent: Uint8Array[] = [];
  const errors: Error[] = [];
  const codecs: (string | null)[] = [];
  let seq = 0;
  const s = new AudioSender(
    {
      meta: () => ({ seq: seq++, timestamp: 0 }),
      ready: () => true,
      send: (m) => sent.push(m),
      error: (e) => errors.push(e),
      codec: (c) => codecs.push(c),
    },
    codec,
    48_000,
  );
  return { s, sent, errors, codecs };
}

const tone = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i / 5) * 0.5);
const tick = () => new Promise((r) => setTimeout(r, 5));

test('an Opus encoder that cannot be created falls back to AudioPcm; audio keeps flowing', async () => {
  const { s, sent, errors, codecs } = sender('opus');
  s.push(tone(960), 48000, 1);
  await tick();
  s.push(tone(960), 48000, 1);
  await tick();
  expect(errors.length).toBe(1);
  expect(codecs).toEqual(['pcm']);
  expect(sent.length).toBe(2);
  for (const m of sent) expect(decodeMessage(m).header.type).toBe(FrameType.AudioPcm);
  s.stop();
});

test('a change of sample rate or channels recreates the encoder for the new format', async () => {
  const { s, sent } = sender('pcm');
  s.push(tone(960), 48000, 1);
  await tick();
  s.push(tone(882 * 2), 44100, 2);
  await tick();
  s.push(tone(882 * 2), 44100, 2);
  await tick();
  const formats = sent.map((m) => {
    const a = decodeAudioPcm(decodeMessage(m));
    return [a.sampleRate, a.channels];
  });
  expect(formats).toEqual([
    [48000, 1],
    [44100, 2],
    [44100, 2],
  ]);
  s.stop();
});
