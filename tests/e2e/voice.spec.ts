// Voice end to end in Chromium: the fake microphone plays a committed espeak-ng recording of
// "stop" (tests/e2e/fixtures/voice-stop.wav, looped); the Demo/Voice story's receiver captures it
// (voice-activity gated), sends VoiceInput through the relay, and the source's keyword spotter
// shows "stop" in its data-ds-intent element. Run once with Opus and once with PCM; the bytes/s
// each sent are printed for the README table.
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type E2eEnv, startE2e } from './helpers/env';

const WAV = fileURLToPath(new URL('./fixtures/voice-stop.wav', import.meta.url));
const VOICE_INPUT = 0x80;

let env: E2eEnv;
beforeAll(async () => {
  env = await startE2e([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${WAV}`,
  ]);
});
afterEach(async () => {
  await env?.closePages();
});
afterAll(async () => {
  await env?.close();
});

describe.each(['opus', 'pcm'] as const)('voice story, %s', (codec) => {
  it('a spoken "stop" reaches the source as VoiceInput and comes out as the intent "stop"', async () => {
    const { page, wire, errors } = await env.open(
      'voice',
      { channel: `voice-${codec}`, codec },
      { wire: true },
    );
    await page.waitForSelector(`[data-ds-mic="${codec}"]`, { timeout: 60_000 });
    // The recording loops every 2.4 s: an intent is due within a few seconds of the mic opening.
    // On a starved machine the page's audio and the model fall behind: wait long, assert nothing on time.
    await page.waitForSelector('[data-ds-intent="stop"]', { timeout: 150_000 });
    const intents = (await page.evaluate('window.e2e.intents()')) as {
      intent: string;
      confidence: number;
      receiverId: number;
    }[];
    expect(intents[0]).toMatchObject({ intent: 'stop' });
    expect(intents[0]!.receiverId).toBeGreaterThan(0);
    const voice = wire.filter((m) => m.dir === 'out' && m.type === VOICE_INPUT && (m.flags & 1) === 1);
    expect(voice.length).toBeGreaterThan(0);
    const span = (voice.at(-1)!.at - voice[0]!.at) / 1000;
    const bytes = voice.reduce((n, m) => n + m.bytes, 0);
    // Measured, not asserted: the voice-activity gate sends only the utterances.
    // Each chunk is 20 ms of audio, so 50 chunks make one second of speech (header included).
    const audio = voice.filter((m) => m.bytes > 26);
    const perSecond = (audio.reduce((n, m) => n + m.bytes, 0) / audio.length) * 50;
    console.log(
      `voice ${codec}: ${voice.length} VoiceInput messages, ${bytes} B in ${span.toFixed(1)} s (gated); ${perSecond.toFixed(0)} B/s of speech; intents ${intents.map((i) => i.intent).join(',')}`,
    );
    expect(errors).toEqual([]);
  });
});
