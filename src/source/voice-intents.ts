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

/**
 * The recogniser runs on the source's main thread (a few ms per 100 ms window), so a receiver may
 * make it hear at most this many seconds of audio in a burst, refilled at `RECOGNISE_RATE` x real
 * time: a receiver that sends faster (the relay's input budget lets a minute of PCM a second
 * through) has the rest reach `onVoice` only. An utterance's end costs one second (the flush).
 */
const RECOGNISE_BURST_S = 5;
const RECOGNISE_RATE = 2;
/** Receivers with recogniser state kept at once; the least recently heard one goes first. */
const MAX_SPEAKERS = 64;

interface Speaker {
  recognizer: VoiceRecognizer | null;
  /** Seconds of audio the recogniser may still hear now, and when that was reckoned (ms). */
  budget: number;
  budgetAt: number;
  /** Audio reached the recogniser since its last `end()`. */
  heard: boolean;
  decoder: OpusDecoder | null;
  decoderRate: number;
  /** Opus output is asynchronous: markers wait behind the audio queued before them. */
  queue: Promise<void>;
}

/**
 * Listens for VoiceInput on a source engine (through its ordinary input dispatch) and turns it
 * into `onVoice` chunks and `onIntent` events. Returns a function that detaches and closes the
 * decoders. Each receiver's recogniser hears at most a 5 s burst and then twice real time (more
 * reaches `onVoice` only), state is kept for 64 receivers at most, and, given a source engine
 * (its `store`), released when the relay no longer lists the receiver.
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
  source: {
    on(kind: 'voice', handler: InputHandler<'voice'>): () => void;
    /** A source engine's store: a receiver the relay no longer lists has its state released. */
    store?: {
      subscribe(listener: (state: { receiverIds: readonly number[] | null }) => void): () => void;
    };
  },
  options: VoiceIntentOptions,
): () => void {
  const speakers = new Map<number, Speaker>();
  // Opus output and markers arrive asynchronously, possibly after the app detached.
  let detached = false;
  const drop = (id: number) => {
    speakers.get(id)?.decoder?.close();
    speakers.delete(id);
  };
  // Takes `seconds` of recogniser time from the speaker's budget; false when it lacks them.
  const spend = (s: Speaker, seconds: number): boolean => {
    const now = performance.now();
    s.budget = Math.min(RECOGNISE_BURST_S, s.budget + ((now - s.budgetAt) / 1000) * RECOGNISE_RATE);
    s.budgetAt = now;
    if (s.budget < seconds) return false;
    s.budget -= seconds;
    return true;
  };
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
    if (detached) return;
    options.onVoice?.({ receiverId, samples, sampleRate, start, end });
    if (!s.recognizer) return;
    if (samples.length > 0 && spend(s, samples.length / sampleRate)) {
      s.heard = true;
      intents(receiverId, s.recognizer.push(samples, sampleRate));
    }
    if (end && s.heard && spend(s, 1)) {
      s.heard = false;
      intents(receiverId, s.recognizer.end());
    }
  };
  const speaker = (id: number): Speaker => {
    let s = speakers.get(id);
    if (s) {
      // Map order is the eviction order: most recently heard last.
      speakers.delete(id);
      speakers.set(id, s);
    } else {
      for (const old of speakers.keys()) {
        if (speakers.size < MAX_SPEAKERS) break;
        drop(old);
      }
      s = {
        recognizer: options.recognizer?.() ?? null,
        budget: RECOGNISE_BURST_S,
        budgetAt: performance.now(),
        heard: false,
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
    if (ev.codec !== VoiceCodec.Opus)
      return hear(receiverId, s, voicePcmSamples(ev), ev.sampleRate, ev.start, ev.end);
    try {
      opus(receiverId, s, ev);
    } catch (e) {
      // No WebCodecs here, or settings Opus lacks (a 96 kHz rate): the receiver's fault, not the app's.
      s.decoder = null;
      options.onError?.(e instanceof Error ? e : new Error(String(e)));
    }
  });
  let listedIds: readonly number[] | null = null;
  const unwatch = source.store?.subscribe(({ receiverIds }) => {
    if (!receiverIds || receiverIds === listedIds) return;
    listedIds = receiverIds;
    const listed = new Set(receiverIds);
    for (const id of [...speakers.keys()]) if (!listed.has(id)) drop(id);
  });
  return () => {
    detached = true;
    off();
    unwatch?.();
    for (const s of speakers.values()) s.decoder?.close();
    speakers.clear();
  };
}
