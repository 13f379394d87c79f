// Voice at the source: VoiceInput chunks from each receiver are decoded (Opus through
// WebCodecs, or PCM), handed to `onVoice`, and fed to one speech-to-intent recogniser per
// receiver; what it recognises goes to `onIntent` with the receiver's id. The recogniser is
// passed in (from `@ds-stream/react/neural`), so the engine itself carries no model.
import { createOpusDecoder, type OpusDecoder } from '../media/opus-decoder';
import { VoiceCodec, type VoiceInput, voicePcmSamples } from '../protocol/index';
import type { InputHandler } from './types';

/** What a speech-to-intent recogniser returns for some audio. @public */
export interface VoiceIntentResult {
  intent: string;
  confidence: number;
}

/** A streaming recogniser, one per receiver (`createIntentRecognizer` from the neural entry fits). @public */
export interface VoiceRecognizer {
  push(samples: Float32Array, sampleRate: number): readonly VoiceIntentResult[];
  /** The utterance ended: flush and reset. */
  end(): readonly VoiceIntentResult[];
}

/** Decoded audio from one receiver. @public */
export interface VoiceChunk {
  receiverId: number;
  /** Mono samples, -1..1 (empty for an end marker). */
  samples: Float32Array;
  sampleRate: number;
  start: boolean;
  end: boolean;
}

/** A recognised intent and who said it. @public */
export interface VoiceIntent extends VoiceIntentResult {
  receiverId: number;
}

/** Options of `attachVoiceIntents`. @public */
export interface VoiceIntentOptions {
  /**
   * Creates a recogniser for each receiver that speaks.
   * @defaultValue none: audio reaches `onVoice` only
   */
  recognizer?: (() => VoiceRecognizer) | undefined;
  /** Each decoded chunk, with the receiver id. @defaultValue undefined */
  onVoice?: ((chunk: VoiceChunk) => void) | undefined;
  /** Each recognised intent. @defaultValue undefined */
  onIntent?: ((intent: VoiceIntent) => void) | undefined;
  /** A chunk that could not be decoded (the receiver's decoder restarts). @defaultValue dropped */
  onError?: ((error: Error) => void) | undefined;
}

interface Speaker {
  recognizer: VoiceRecognizer | null;
  decoder: OpusDecoder | null;
  decoderRate: number;
  /** Opus output is asynchronous: markers wait behind the audio queued before them. */
  queue: Promise<void>;
}

/**
 * Listens for VoiceInput on a source engine (through its ordinary input dispatch) and turns it
 * into `onVoice` chunks and `onIntent` events. Returns a function that detaches and closes the
 * decoders.
 * @example
 * ```ts
 * import { createIntentRecognizer } from '@ds-stream/react/neural';
 * const off = attachVoiceIntents(source, {
 *   recognizer: () => createIntentRecognizer(),
 *   onIntent: ({ intent, receiverId }) => players.get(receiverId)?.move(intent),
 * });
 * ```
 * @public
 */
export function attachVoiceIntents(
  source: { on(kind: 'voice', handler: InputHandler<'voice'>): () => void },
  options: VoiceIntentOptions,
): () => void {
  const speakers = new Map<number, Speaker>();
  const intents = (receiverId: number, results: readonly VoiceIntentResult[]) => {
    for (const r of results) options.onIntent?.({ intent: r.intent, confidence: r.confidence, receiverId });
  };
  const hear = (
    receiverId: number,
    s: Speaker,
    samples: Float32Array,
    sampleRate: number,
    start: boolean,
    end: boolean,
  ) => {
    options.onVoice?.({ receiverId, samples, sampleRate, start, end });
    if (!s.recognizer) return;
    if (samples.length > 0) intents(receiverId, s.recognizer.push(samples, sampleRate));
    if (end) intents(receiverId, s.recognizer.end());
  };
  const speaker = (id: number): Speaker => {
    let s = speakers.get(id);
    if (!s) {
      s = {
        recognizer: options.recognizer?.() ?? null,
        decoder: null,
        decoderRate: 0,
        queue: Promise.resolve(),
      };
      speakers.set(id, s);
    }
    return s;
  };
  const opus = (id: number, s: Speaker, ev: VoiceInput) => {
    if (!s.decoder || s.decoderRate !== ev.sampleRate) {
      s.decoder?.close();
      s.decoderRate = ev.sampleRate;
      s.decoder = createOpusDecoder({
        sampleRate: ev.sampleRate,
        channels: 1,
        onAudio: (a) => hear(id, s, a.samples, a.sampleRate, false, false),
        onError: (e) => {
          s.decoder = null;
          options.onError?.(e);
        },
      });
    }
    const decoder = s.decoder;
    if (ev.data.length > 0) decoder.decode(ev.data);
    if (ev.start || ev.end) {
      // Markers (start, end) follow the audio decoded before them.
      s.queue = s.queue
        .then(() => decoder.flush())
        .catch(() => {})
        .then(() => hear(id, s, new Float32Array(0), ev.sampleRate, ev.start, ev.end));
    }
  };
  const off = source.on('voice', (ev, { receiverId }) => {
    const s = speaker(receiverId);
    if (ev.codec === VoiceCodec.Opus) opus(receiverId, s, ev);
    else hear(receiverId, s, voicePcmSamples(ev), ev.sampleRate, ev.start, ev.end);
  });
  return () => {
    off();
    for (const s of speakers.values()) s.decoder?.close();
    speakers.clear();
  };
}
