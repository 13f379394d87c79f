// Voice at the source: PCM VoiceInput chunks through the source's real input dispatch reach
// onVoice with the receiver id and come out of the shipped recogniser as the right intent.
import { fileURLToPath } from 'node:url';
import {
  attachVoiceIntents,
  decodeMessage,
  encodeInput,
  pcmVoiceData,
  type VoiceChunk,
  type VoiceIntent,
} from '@ds-stream/react/core';
import { describe, expect, it } from 'vitest';
import { readWav16k } from '../../scripts/voice/wav';
import { createIntentRecognizer } from '../../src/neural/keyword/index';
import { InputSink } from '../../src/source/input-sink';

const STOP = readWav16k(fileURLToPath(new URL('../e2e/fixtures/voice-stop.wav', import.meta.url)));

// What the relay forwards: the receiver's message with its relay id stamped in `width`.
function fromReceiver(id: number, bytes: Uint8Array) {
  const m = decodeMessage(bytes);
  return { ...m, header: { ...m.header, width: id } };
}

function speak(sink: InputSink, id: number, samples: Float32Array) {
  let seq = 0;
  for (let i = 0; i < samples.length; i += 320) {
    const part = samples.subarray(i, i + 320);
    sink.dispatch(
      fromReceiver(
        id,
        encodeInput({
          kind: 'voice',
          codec: 0,
          start: i === 0,
          end: false,
          seq: seq++,
          sampleRate: 16000,
          frames: part.length,
          data: pcmVoiceData(part),
        }),
      ),
    );
  }
  sink.dispatch(
    fromReceiver(
      id,
      encodeInput({
        kind: 'voice',
        codec: 0,
        start: false,
        end: true,
        seq,
        sampleRate: 16000,
        frames: 0,
        data: new Uint8Array(0),
      }),
    ),
  );
}

describe('attachVoiceIntents', () => {
  it('gives onVoice the audio and onIntent "stop" with the speaking receiver id', () => {
    const errors: Error[] = [];
    const sink = new InputSink((e) => errors.push(e));
    const chunks: VoiceChunk[] = [];
    const intents: VoiceIntent[] = [];
    const off = attachVoiceIntents(sink, {
      recognizer: () => createIntentRecognizer(),
      onVoice: (c) => chunks.push(c),
      onIntent: (i) => intents.push(i),
    });
    speak(sink, 7, STOP);
    expect(errors).toEqual([]);
    expect(chunks[0]).toMatchObject({ receiverId: 7, start: true, sampleRate: 16000 });
    expect(chunks.at(-1)).toMatchObject({ end: true, samples: new Float32Array(0) });
    expect(chunks.reduce((n, c) => n + c.samples.length, 0)).toBe(STOP.length);
    expect(intents.map((i) => [i.intent, i.receiverId])).toEqual([['stop', 7]]);
    off();
    speak(sink, 7, STOP);
    expect(intents).toHaveLength(1);
  });

  it('keeps one recogniser per receiver, so two speakers do not mix', () => {
    const sink = new InputSink(() => {});
    const intents: VoiceIntent[] = [];
    let made = 0;
    attachVoiceIntents(sink, {
      recognizer: () => {
        made++;
        return createIntentRecognizer();
      },
      onIntent: (i) => intents.push(i),
    });
    speak(sink, 1, STOP);
    speak(sink, 2, STOP);
    expect(made).toBe(2);
    expect(intents.map((i) => i.receiverId).sort()).toEqual([1, 2]);
  });
});
