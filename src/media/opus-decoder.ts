import { MediaError } from './errors';
import { type OpusConfig, opusSettings } from './opus-encoder';

/** Decoded PCM, interleaved Float32. @public */
export interface DecodedAudio {
  samples: Float32Array;
  sampleRate: number;
  channels: number;
  timestampUs: number;
}

/** Options of `createOpusDecoder`. @public */
export interface OpusDecoderOptions extends Omit<OpusConfig, 'bitrate'> {
  /** Called with each decoded block, in order. */
  onAudio: (audio: DecodedAudio) => void;
  /**
   * Called when a packet cannot be decoded (the decoder is closed afterwards).
   * @defaultValue the error is dropped
   */
  onError?: (error: MediaError) => void;
}

/** A running Opus decoder. @public */
export interface OpusDecoder {
  /** Queues one Opus packet. */
  decode(packet: Uint8Array, timestampUs?: number): void;
  /** Resolves once every queued packet came out as audio. */
  flush(): Promise<void>;
  close(): void;
}

/** Copies an `AudioData` (planar or interleaved) to interleaved Float32. @internal */
export function interleaved(d: AudioData): Float32Array {
  const n = d.numberOfFrames;
  const ch = d.numberOfChannels;
  const out = new Float32Array(n * ch);
  if (d.format === 'f32') {
    d.copyTo(out, { planeIndex: 0 });
    return out;
  }
  const plane = new Float32Array(n);
  for (let c = 0; c < ch; c++) {
    d.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
    for (let i = 0; i < n; i++) out[i * ch + c] = plane[i]!;
  }
  return out;
}

/**
 * Creates a WebCodecs Opus decoder that hands out interleaved Float32 PCM.
 * @throws MediaError `UNSUPPORTED` (no `AudioDecoder`), `BAD_INPUT` (settings)
 * @example
 * ```ts
 * const dec = createOpusDecoder({ sampleRate: 48000, channels: 1, onAudio: (a) => player.push(a.samples) });
 * dec.decode(decodeAudioCompressed(message).packet);
 * ```
 * @public
 */
export function createOpusDecoder(options: OpusDecoderOptions): OpusDecoder {
  if (typeof AudioDecoder === 'undefined') throw new MediaError('UNSUPPORTED', 'WebCodecs AudioDecoder');
  const { sampleRate, channels } = opusSettings(options);
  let closed = false;
  let next = 0;
  const decoder = new AudioDecoder({
    output: (d) => {
      try {
        options.onAudio({
          samples: interleaved(d),
          sampleRate: d.sampleRate,
          channels: d.numberOfChannels,
          timestampUs: d.timestamp,
        });
      } finally {
        d.close();
      }
    },
    error: (e) => {
      closed = true;
      options.onError?.(new MediaError('DECODE_FAILED', String(e), { cause: e }));
    },
  });
  decoder.configure({ codec: 'opus', sampleRate, numberOfChannels: channels });
  return {
    decode(packet, timestampUs) {
      if (closed) throw new MediaError('CLOSED', 'Opus decoder');
      if (packet.length === 0) throw new MediaError('BAD_INPUT', 'empty Opus packet');
      const timestamp = timestampUs ?? next;
      next = timestamp + 20_000;
      decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp, data: packet.slice() }));
    },
    async flush() {
      if (closed) throw new MediaError('CLOSED', 'Opus decoder');
      try {
        await decoder.flush();
      } catch (e) {
        throw new MediaError('DECODE_FAILED', String(e), { cause: e });
      }
    },
    close() {
      if (closed) return;
      closed = true;
      decoder.close();
    },
  };
}
