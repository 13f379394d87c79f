import { MediaError } from './errors';

/** Duration of one Opus frame, ms. @public */
export const OPUS_FRAME_MS = 20;

/** Opus stream settings. @public */
export interface OpusConfig {
  /**
   * Input sample rate in Hz.
   * @defaultValue `48000`
   */
  sampleRate?: number;
  /**
   * Channel count (1 or 2).
   * @defaultValue `1`
   */
  channels?: number;
  /**
   * Target bitrate, bits per second.
   * @defaultValue `64000`
   */
  bitrate?: number;
}

/** One encoded Opus packet (20 ms). @public */
export interface OpusPacket {
  bytes: Uint8Array;
  /** Presentation time of its first sample, microseconds. */
  timestampUs: number;
  durationUs: number;
}

/** Options of `createOpusEncoder`. @public */
export interface OpusEncoderOptions extends OpusConfig {
  /** Called with each packet, in order. */
  onPacket: (packet: OpusPacket) => void;
  /**
   * Called when the platform encoder fails (it is closed afterwards).
   * @defaultValue rethrows nothing; the error is dropped
   */
  onError?: (error: MediaError) => void;
}

/** A running Opus encoder. @public */
export interface OpusEncoder {
  readonly sampleRate: number;
  readonly channels: number;
  /** Queues interleaved Float32 samples (any length; the encoder cuts 20 ms frames). */
  encode(samples: Float32Array, timestampUs?: number): void;
  /** Resolves once every queued sample came out as packets. */
  flush(): Promise<void>;
  close(): void;
}

/** Resolved settings with defaults applied and checked. @internal */
export function opusSettings(c: OpusConfig): Required<OpusConfig> {
  const s = { sampleRate: c.sampleRate ?? 48_000, channels: c.channels ?? 1, bitrate: c.bitrate ?? 64_000 };
  if (!Number.isInteger(s.sampleRate) || s.sampleRate < 8000 || s.sampleRate > 65_535) {
    throw new MediaError('BAD_INPUT', `sampleRate: ${s.sampleRate}`);
  }
  if (s.channels !== 1 && s.channels !== 2) throw new MediaError('BAD_INPUT', `channels: ${s.channels}`);
  if (!Number.isFinite(s.bitrate) || s.bitrate < 6000)
    throw new MediaError('BAD_INPUT', `bitrate: ${s.bitrate}`);
  return s;
}

/**
 * Resolves true when WebCodecs can both encode and decode Opus with these settings.
 * @example
 * ```ts
 * const codec = (await isOpusSupported({ sampleRate: 48000, channels: 2 })) ? 'opus' : 'pcm';
 * ```
 * @public
 */
export async function isOpusSupported(config: OpusConfig = {}): Promise<boolean> {
  if (typeof AudioEncoder === 'undefined' || typeof AudioDecoder === 'undefined') return false;
  const s = opusSettings(config);
  try {
    const [enc, dec] = await Promise.all([
      AudioEncoder.isConfigSupported({
        codec: 'opus',
        sampleRate: s.sampleRate,
        numberOfChannels: s.channels,
        bitrate: s.bitrate,
      }),
      AudioDecoder.isConfigSupported({
        codec: 'opus',
        sampleRate: s.sampleRate,
        numberOfChannels: s.channels,
      }),
    ]);
    return enc.supported === true && dec.supported === true;
  } catch {
    return false;
  }
}

/**
 * Creates a WebCodecs Opus encoder cutting 20 ms frames. Check `isOpusSupported` first, or use
 * `createAudioMessageEncoder`, which falls back to AudioPcm.
 * @throws MediaError `UNSUPPORTED` (no `AudioEncoder`), `BAD_INPUT` (settings)
 * @example
 * ```ts
 * const enc = createOpusEncoder({ sampleRate: 48000, channels: 1, onPacket: (p) => send(p.bytes) });
 * enc.encode(samples);
 * ```
 * @public
 */
export function createOpusEncoder(options: OpusEncoderOptions): OpusEncoder {
  if (typeof AudioEncoder === 'undefined') throw new MediaError('UNSUPPORTED', 'WebCodecs AudioEncoder');
  const { sampleRate, channels, bitrate } = opusSettings(options);
  let closed = false;
  let framesIn = 0;
  const encoder = new AudioEncoder({
    output: (chunk) => {
      const bytes = new Uint8Array(chunk.byteLength);
      chunk.copyTo(bytes);
      options.onPacket({
        bytes,
        timestampUs: chunk.timestamp,
        durationUs: chunk.duration ?? OPUS_FRAME_MS * 1000,
      });
    },
    error: (e) => {
      closed = true;
      options.onError?.(new MediaError('ENCODE_FAILED', String(e), { cause: e }));
    },
  });
  encoder.configure({
    codec: 'opus',
    sampleRate,
    numberOfChannels: channels,
    bitrate,
    opus: { frameDuration: OPUS_FRAME_MS * 1000 },
  });
  return {
    sampleRate,
    channels,
    encode(samples, timestampUs) {
      if (closed) throw new MediaError('CLOSED', 'Opus encoder');
      if (samples.length === 0 || samples.length % channels !== 0) {
        throw new MediaError(
          'BAD_INPUT',
          `${samples.length} samples is not a whole number of ${channels}-channel frames`,
        );
      }
      const numberOfFrames = samples.length / channels;
      const timestamp = timestampUs ?? Math.round((framesIn * 1e6) / sampleRate);
      framesIn += numberOfFrames;
      const data = new AudioData({
        format: 'f32',
        sampleRate,
        numberOfChannels: channels,
        numberOfFrames,
        timestamp,
        data: samples.slice(),
      });
      try {
        encoder.encode(data);
      } finally {
        data.close();
      }
    },
    async flush() {
      if (closed) throw new MediaError('CLOSED', 'Opus encoder');
      try {
        await encoder.flush();
      } catch (e) {
        throw new MediaError('ENCODE_FAILED', String(e), { cause: e });
      }
    },
    close() {
      if (closed) return;
      closed = true;
      encoder.close();
    },
  };
}
