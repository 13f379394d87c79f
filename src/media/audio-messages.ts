import {
  decodeAudioCompressed,
  decodeAudioPcm,
  encodeAudioCompressed,
  encodeAudioPcm,
  type FrameMeta,
} from '../codec/index';
import { FrameType } from '../protocol/constants';
import type { Message } from '../protocol/types';
import { MediaError } from './errors';
import { createOpusDecoder, type DecodedAudio, type OpusDecoder } from './opus-decoder';
import {
  createOpusEncoder,
  isOpusSupported,
  OPUS_FRAME_MS,
  type OpusConfig,
  opusSettings,
} from './opus-encoder';

/** The wire codec an audio stream uses: AudioCompressed (0x11, Opus) or AudioPcm (0x10). @public */
export type AudioWireCodec = 'opus' | 'pcm';

/** Options of `createAudioMessageEncoder`. @public */
export interface AudioMessageEncoderOptions extends OpusConfig {
  /** Seq and timestamp for the next message (the engine's counters). */
  meta: () => FrameMeta;
  /** Called with each whole message, ready to send. */
  onMessage: (message: Uint8Array) => void;
  /**
   * `'auto'` uses Opus where WebCodecs has it and AudioPcm elsewhere.
   * @defaultValue `'auto'`
   */
  codec?: AudioWireCodec | 'auto';
  /**
   * Called when the platform encoder fails.
   * @defaultValue the error is dropped
   */
  onError?: (error: MediaError) => void;
}

/** Turns PCM into AudioCompressed or AudioPcm messages, 20 ms each. @public */
export interface AudioMessageEncoder {
  /** The wire codec chosen. */
  readonly codec: AudioWireCodec;
  /** Queues interleaved Float32 samples. */
  encode(samples: Float32Array): void;
  /** Emits everything queued (a PCM tail shorter than 20 ms included). */
  flush(): Promise<void>;
  close(): void;
}

function pcmEncoder(o: AudioMessageEncoderOptions, rate: number, ch: number): AudioMessageEncoder {
  const frame = Math.round((rate * OPUS_FRAME_MS) / 1000) * ch;
  let pending = new Float32Array(0);
  let closed = false;
  const emit = (chunk: Float32Array) => o.onMessage(encodeAudioPcm(chunk, rate, ch, o.meta()));
  return {
    codec: 'pcm',
    encode(samples) {
      if (closed) throw new MediaError('CLOSED', 'PCM audio encoder');
      if (samples.length % ch !== 0)
        throw new MediaError('BAD_INPUT', `${samples.length} samples for ${ch} channels`);
      const all = new Float32Array(pending.length + samples.length);
      all.set(pending);
      all.set(samples, pending.length);
      let at = 0;
      for (; at + frame <= all.length; at += frame) emit(all.subarray(at, at + frame));
      pending = all.slice(at);
    },
    async flush() {
      if (pending.length > 0) emit(pending);
      pending = new Float32Array(0);
    },
    close() {
      closed = true;
    },
  };
}

/**
 * Creates an audio encoder that emits whole ds-stream messages: Opus (AudioCompressed) where the
 * browser supports it, AudioPcm otherwise.
 * @example
 * ```ts
 * const enc = await createAudioMessageEncoder({ sampleRate: 48000, channels: 2, meta: next, onMessage: send });
 * enc.encode(interleavedSamples);
 * ```
 * @public
 */
export async function createAudioMessageEncoder(o: AudioMessageEncoderOptions): Promise<AudioMessageEncoder> {
  const { sampleRate, channels } = opusSettings(o);
  const want = o.codec ?? 'auto';
  const opus = want === 'opus' || (want === 'auto' && (await isOpusSupported(o)));
  if (!opus) return pcmEncoder(o, sampleRate, channels);
  const enc = createOpusEncoder({
    ...o,
    onPacket: (p) => o.onMessage(encodeAudioCompressed(p.bytes, sampleRate, channels, o.meta())),
  });
  return { codec: 'opus', encode: (s) => enc.encode(s), flush: () => enc.flush(), close: () => enc.close() };
}

/** Options of `createAudioMessageDecoder`. @public */
export interface AudioMessageDecoderOptions {
  /** Called with each decoded block of interleaved Float32 PCM. */
  onAudio: (audio: DecodedAudio) => void;
  /**
   * Called when the platform decoder fails.
   * @defaultValue the error is dropped
   */
  onError?: (error: MediaError) => void;
}

/** Decodes AudioCompressed and AudioPcm messages to PCM. @public */
export interface AudioMessageDecoder {
  /** Decodes one message; PCM comes out at once, Opus asynchronously. */
  decode(message: Message): void;
  flush(): Promise<void>;
  close(): void;
}

/**
 * Creates a decoder for both audio frame types; the Opus decoder is made on the first
 * AudioCompressed frame (and again if its rate or channels change).
 * @throws ProtocolError from the codecs for a non-audio or malformed message; MediaError `UNSUPPORTED`
 * for Opus without WebCodecs
 * @example
 * ```ts
 * const dec = createAudioMessageDecoder({ onAudio: (a) => player.push(a) });
 * dec.decode(message);
 * ```
 * @public
 */
export function createAudioMessageDecoder(o: AudioMessageDecoderOptions): AudioMessageDecoder {
  let opus: { dec: OpusDecoder; rate: number; ch: number } | null = null;
  return {
    decode(message) {
      const timestampUs = message.header.timestamp * 1000;
      if (message.header.type === FrameType.AudioPcm) {
        const pcm = decodeAudioPcm(message);
        o.onAudio({ samples: pcm.samples, sampleRate: pcm.sampleRate, channels: pcm.channels, timestampUs });
        return;
      }
      const a = decodeAudioCompressed(message);
      if (!opus || opus.rate !== a.sampleRate || opus.ch !== a.channels) {
        opus?.dec.close();
        const dec = createOpusDecoder({ sampleRate: a.sampleRate, channels: a.channels, ...o });
        opus = { dec, rate: a.sampleRate, ch: a.channels };
      }
      opus.dec.decode(a.packet, timestampUs);
    },
    async flush() {
      await opus?.dec.flush();
    },
    close() {
      opus?.dec.close();
      opus = null;
    },
  };
}
