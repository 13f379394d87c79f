import type { FrameMeta } from '../codec/frame-meta';
import {
  type AudioMessageEncoder,
  type AudioWireCodec,
  createAudioMessageEncoder,
} from '../media/audio-messages';
import { type AudioTap, startAudioTap } from './audio-capture';
import { SilenceGate } from './silence-gate';

/** What the audio sender needs from the engine. @internal */
export interface AudioSenderHost {
  /** Seq and timestamp for the next message. */
  meta(): FrameMeta;
  /** Sends one whole message (droppable: late audio is worth nothing). */
  send(message: Uint8Array): void;
  /** May messages be sent now (transport open)? */
  ready(): boolean;
  error(e: Error): void;
  /** The wire codec chosen for the stream, once known (`null` when audio stops). */
  codec(codec: AudioWireCodec | null): void;
}

/** Chunks kept while the Opus encoder is being set up (about 200 ms). */
const MAX_EARLY_CHUNKS = 10;

/**
 * Streams one AudioNode: an AudioWorklet tap cuts 20 ms PCM chunks, which go out as Opus
 * (AudioCompressed, 0x11) where WebCodecs has it and as AudioPcm (0x10) elsewhere (also when the
 * Opus encoder cannot be created). The encoder is created on the first chunk, at the node's sample
 * rate and channel count, and again when they change. Chunks of pure
 * digital silence after the first are not sent (receivers hear nothing either way).
 * @internal
 */
export class AudioSender {
  readonly #host: AudioSenderHost;
  #want: AudioWireCodec | 'auto';
  #tap: Promise<AudioTap | null> | null = null;
  #encoder: Promise<AudioMessageEncoder | null> | null = null;
  #ready: AudioMessageEncoder | null = null;
  #early: Float32Array[] = [];
  /** Format the current encoder is (being) made for. */
  #format: { rate: number; channels: number } | null = null;
  #stopped = false;
  readonly #gate = new SilenceGate();

  readonly #bitrate: number;

  constructor(host: AudioSenderHost, codec: AudioWireCodec | 'auto', bitrate: number) {
    this.#host = host;
    this.#want = codec;
    this.#bitrate = bitrate;
  }

  start(node: AudioNode): void {
    this.#tap = startAudioTap(node, (samples, rate, channels) => this.push(samples, rate, channels)).catch(
      (e: unknown) => {
        this.#host.error(e instanceof Error ? e : new Error(String(e)));
        return null;
      },
    );
  }

  stop(): void {
    this.#stopped = true;
    void this.#tap?.then((t) => t?.stop());
    void this.#encoder?.then((e) => e?.close());
    this.#tap = null;
    this.#encoder = null;
    this.#ready = null;
    this.#early = [];
    this.#host.codec(null);
  }

  /**
   * One 20 ms chunk from the tap; runs of digital silence go out as their first chunk only.
   * @internal exposed for tests; `start` feeds it from the node.
   */
  push(samples: Float32Array, sampleRate: number, channels: number): void {
    if (this.#stopped || !this.#gate.pass(samples)) return;
    const f = this.#format;
    if (f && (f.rate !== sampleRate || f.channels !== channels)) {
      // The node's format changed: the encoder was set up for the old one.
      void this.#encoder?.then((e) => e?.close());
      this.#encoder = null;
      this.#ready = null;
      this.#early = [];
    }
    if (this.#ready) {
      this.#encode(this.#ready, samples);
      return;
    }
    if (this.#early.length < MAX_EARLY_CHUNKS) this.#early.push(samples);
    if (!this.#encoder) this.#create(sampleRate, channels);
  }

  #create(sampleRate: number, channels: number): void {
    const format = { rate: sampleRate, channels };
    this.#format = format;
    const codec = this.#want;
    this.#encoder = createAudioMessageEncoder({
      sampleRate,
      channels,
      bitrate: this.#bitrate,
      codec,
      meta: () => this.#host.meta(),
      onMessage: (m) => {
        if (this.#host.ready()) this.#host.send(m);
      },
      onError: (e) => this.#host.error(e),
    }).then(
      (enc) => {
        if (this.#stopped || this.#format !== format) {
          enc.close();
          return null;
        }
        this.#ready = enc;
        this.#host.codec(enc.codec);
        for (const s of this.#early.splice(0)) this.#encode(enc, s);
        return enc;
      },
      (e: unknown) => {
        this.#host.error(e instanceof Error ? e : new Error(String(e)));
        // No Opus after all: go on in AudioPcm at once. A PCM encoder that fails too (a format it
        // cannot carry) leaves audio off until the format changes, without an error per chunk.
        if (codec !== 'pcm' && !this.#stopped && this.#format === format) {
          this.#want = 'pcm';
          this.#create(sampleRate, channels);
        }
        return null;
      },
    );
  }

  #encode(enc: AudioMessageEncoder, samples: Float32Array): void {
    try {
      enc.encode(samples);
    } catch (e) {
      // A failed platform encoder is closed: go on in AudioPcm, which cannot fail the same way.
      this.#want = 'pcm';
      this.#ready = null;
      this.#encoder = null;
      this.#host.error(e instanceof Error ? e : new Error(String(e)));
    }
  }
}

/** Opus at 48 kb/s: about 6 KB/s on the wire with headers, the seed's target. */
const DEFAULT_AUDIO_BITRATE = 48_000;

/** Starts sending `node`'s audio with the engine options' codec and bitrate. @internal */
export function startEngineAudio(
  node: AudioNode,
  o: { audioCodec?: AudioWireCodec | 'auto' | undefined; audioBitrate?: number | undefined },
  host: AudioSenderHost,
): AudioSender {
  const sender = new AudioSender(host, o.audioCodec ?? 'auto', o.audioBitrate ?? DEFAULT_AUDIO_BITRATE);
  sender.start(node);
  return sender;
}
