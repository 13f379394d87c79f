// Voice at the source: PCM VoiceInput chunks through the source's real input dispatch reach
// onVoice with the receiver id and come out of the shipped recogniser as the right intent.
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { readWav16k } from '../../scripts/voice/wav';
import {
  attachVoiceIntents,
  decodeMessage,
  encodeInput,
  pcmVoiceData,
  type VoiceChunk,
  type VoiceIntent,
} from '../../src/internal';
import { MediaError } from '../../src/media/errors';
import { createIntentRecognizer } from '../../src/neural/keyword/index';
import { decodeInput } from '../../src/protocol/input';
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
    const sink = new InputSink((e) => errors.push(e), decodeInput);
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
    const sink = new InputSink(() => {}, decodeInput);
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

// A recogniser that only counts what it is fed (the cost a receiver makes the source pay).
function counting() {
  const fed = { samples: 0, ends: 0, made: 0 };
  const recognizer = () => {
    fed.made++;
    return {
      push: (x: Float32Array) => {
        fed.samples += x.length;
        return [];
      },
      end: () => {
        fed.ends++;
        return [];
      },
    };
  };
  return { fed, recognizer };
}

function voice(id: number, seq: number, samples: Float32Array, end = false) {
  return fromReceiver(
    id,
    encodeInput({
      kind: 'voice',
      codec: 0,
      start: false,
      end,
      seq,
      sampleRate: 16000,
      frames: samples.length,
      data: pcmVoiceData(samples),
    }),
  );
}

describe('attachVoiceIntents against a hostile receiver', () => {
  it('feeds the recogniser about real time at most: a flood reaches onVoice, not the model', () => {
    const sink = new InputSink(() => {}, decodeInput);
    const { fed, recognizer } = counting();
    let heard = 0;
    attachVoiceIntents(sink, { recognizer, onVoice: (c) => (heard += c.samples.length) });
    const t0 = performance.now();
    // 60 s of audio in 8,000-sample chunks as fast as the relay's byte budget would let it through.
    const chunk = new Float32Array(8000).fill(0.1);
    for (let i = 0; i < 120; i++) sink.dispatch(voice(3, i, chunk));
    const elapsed = (performance.now() - t0) / 1000;
    expect(heard).toBe(120 * 8000);
    expect(fed.samples).toBeGreaterThan(0);
    // A burst of a few seconds and about twice real time after it, never the whole minute.
    expect(fed.samples).toBeLessThanOrEqual((6 + 2 * elapsed) * 16000);
  });

  it('does not flush the recogniser for each of a flood of end markers', () => {
    const sink = new InputSink(() => {}, decodeInput);
    const { fed, recognizer } = counting();
    attachVoiceIntents(sink, { recognizer });
    const t0 = performance.now();
    for (let i = 0; i < 500; i++) {
      sink.dispatch(voice(4, 2 * i, new Float32Array(1)));
      sink.dispatch(voice(4, 2 * i + 1, new Float32Array(0), true));
    }
    const elapsed = (performance.now() - t0) / 1000;
    // Each flush runs a second of audio through the model: as many as the budget holds.
    expect(fed.ends).toBeGreaterThan(0);
    expect(fed.ends).toBeLessThanOrEqual(6 + 2 * elapsed);
  });

  it('drops the recogniser of a receiver the relay no longer lists, and keeps at most 64', () => {
    const sink = new InputSink(() => {}, decodeInput);
    const store = createStore<{ receiverIds: readonly number[] | null }>(() => ({ receiverIds: [1, 2] }));
    const { fed, recognizer } = counting();
    const source = { on: sink.on.bind(sink), store };
    attachVoiceIntents(source, { recognizer });
    const word = new Float32Array(320);
    sink.dispatch(voice(1, 0, word));
    sink.dispatch(voice(2, 0, word));
    expect(fed.made).toBe(2);
    store.setState({ receiverIds: [2] });
    sink.dispatch(voice(2, 1, word));
    expect(fed.made).toBe(2);
    // Receiver 1 left: a new one with its id (ids are reused) starts afresh.
    sink.dispatch(voice(1, 1, word));
    expect(fed.made).toBe(3);
    // Without a Roster (null), ids that never leave are capped: the least recently heard goes.
    store.setState({ receiverIds: null });
    for (let id = 100; id < 200; id++) sink.dispatch(voice(id, 0, word));
    const made = fed.made;
    sink.dispatch(voice(199, 1, word));
    expect(fed.made).toBe(made);
    sink.dispatch(voice(100, 1, word));
    expect(fed.made).toBe(made + 1);
  });

  it('reports an Opus chunk it cannot decode to onError, not as an error of the source', () => {
    // Node has no WebCodecs AudioDecoder; a browser refuses a rate Opus lacks (96 kHz) alike.
    const storeErrors: Error[] = [];
    const sink = new InputSink((e) => storeErrors.push(e), decodeInput);
    const errors: Error[] = [];
    attachVoiceIntents(sink, { onError: (e) => errors.push(e) });
    const opus = encodeInput({
      kind: 'voice',
      codec: 1,
      start: true,
      end: false,
      seq: 0,
      sampleRate: 96000,
      frames: 1920,
      data: Uint8Array.of(0xfc, 0xff, 0xfe),
    });
    sink.dispatch(fromReceiver(5, opus));
    expect(storeErrors).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(MediaError);
  });
});

describe('attachVoiceIntents after detaching', () => {
  it('hands out nothing more, also for an Opus end marker still waiting behind the decoder', async () => {
    // Node has no WebCodecs: a platform decoder that decodes nothing and flushes at once.
    vi.stubGlobal(
      'AudioDecoder',
      class {
        configure() {}
        flush() {
          return Promise.resolve();
        }
        close() {}
      },
    );
    try {
      const sink = new InputSink(() => {}, decodeInput);
      const { fed, recognizer } = counting();
      const chunks: VoiceChunk[] = [];
      const off = attachVoiceIntents(sink, { recognizer, onVoice: (c) => chunks.push(c) });
      const end = encodeInput({
        kind: 'voice',
        codec: 1,
        start: false,
        end: true,
        seq: 0,
        sampleRate: 48000,
        frames: 0,
        data: new Uint8Array(0),
      });
      sink.dispatch(fromReceiver(6, end));
      off();
      await new Promise((r) => setTimeout(r, 0));
      expect(chunks).toEqual([]);
      expect(fed.ends).toBe(0);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
