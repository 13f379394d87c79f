import { ProtocolError } from '../protocol/index';

/**
 * A small jitter buffer for interleaved PCM. It runs inside the AudioWorklet, whose module is
 * built from this class's source text, so it must not reference anything outside itself.
 * Playback starts once `startFrames` are queued, stops on underrun until they are queued again,
 * and drops the oldest audio beyond `maxFrames` so latency cannot grow.
 * @internal
 */
export class JitterBuffer {
  readonly channels: number;
  readonly startFrames: number;
  readonly maxFrames: number;
  chunks: Float32Array[] = [];
  offset = 0;
  queued = 0;
  playing = false;
  underruns = 0;
  dropped = 0;

  constructor(channels: number, startFrames: number, maxFrames: number) {
    this.channels = channels;
    this.startFrames = startFrames;
    this.maxFrames = maxFrames;
  }

  /** Queues an interleaved chunk. */
  push(chunk: Float32Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.queued += chunk.length / this.channels;
    while (this.queued > this.maxFrames && this.chunks.length > 1) {
      const old = this.chunks.shift();
      const frames = (old ? old.length - this.offset : 0) / this.channels;
      this.queued -= frames;
      this.dropped += frames;
      this.offset = 0;
    }
  }

  /** Fills planar `out` (one array per output channel); silence while buffering. */
  pull(out: Float32Array[]): void {
    const frames = out[0]?.length ?? 0;
    if (!this.playing && this.queued >= this.startFrames) this.playing = true;
    const ch = this.channels;
    for (let i = 0; i < frames; i++) {
      const chunk = this.playing ? this.chunks[0] : undefined;
      if (!chunk) {
        if (this.playing) {
          this.playing = false;
          this.underruns++;
        }
        for (const o of out) o[i] = 0;
        continue;
      }
      for (let c = 0; c < out.length; c++) out[c]![i] = chunk[this.offset + (c < ch ? c : ch - 1)] ?? 0;
      this.offset += ch;
      this.queued--;
      if (this.offset >= chunk.length) {
        this.chunks.shift();
        this.offset = 0;
      }
    }
  }
}

/** The player worklet's module text. @internal */
export function playerWorkletSource(): string {
  return `const JitterBuffer = (${JitterBuffer.toString()});
class DsStreamPlayer extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = options.processorOptions || {};
    this.jb = new JitterBuffer(o.channels || 2, o.startFrames || 2880, o.maxFrames || 14400);
    this.port.onmessage = (e) => this.jb.push(e.data);
  }
  process(_inputs, outputs) {
    this.jb.pull(outputs[0]);
    return true;
  }
}
registerProcessor('ds-stream-player', DsStreamPlayer);
`;
}

/** Sample rates a receiver will open an AudioContext at (browsers support 3 kHz to 768 kHz). */
const MIN_RATE = 3000;
const MAX_RATE = 768_000;
const MAX_CHANNELS = 32;
/** Consecutive chunks in another format before the context is recreated for it. */
const SWITCH_AFTER = 25;

/**
 * Converts interleaved `samples` to another rate (linear interpolation) and channel count
 * (extra output channels repeat the last input channel; missing ones are dropped).
 * @internal
 */
export function convertPcm(
  samples: Float32Array,
  rate: number,
  channels: number,
  toRate: number,
  toChannels: number,
): Float32Array {
  if (rate === toRate && channels === toChannels) return samples;
  const frames = samples.length / channels;
  const outFrames = Math.max(0, Math.round((frames * toRate) / rate));
  const out = new Float32Array(outFrames * toChannels);
  const step = rate / toRate;
  for (let i = 0; i < outFrames; i++) {
    const pos = i * step;
    const a = Math.min(frames - 1, Math.floor(pos));
    const b = Math.min(frames - 1, a + 1);
    const f = pos - a;
    for (let c = 0; c < toChannels; c++) {
      const src = c < channels ? c : channels - 1;
      const x = samples[a * channels + src] ?? 0;
      const y = samples[b * channels + src] ?? 0;
      out[i * toChannels + c] = x + (y - x) * f;
    }
  }
  return out;
}

/**
 * Plays AudioPcm chunks through an AudioWorklet with a jitter buffer (60 ms to start, 300 ms
 * at most). The AudioContext is created at the stream's sample rate on the first chunk. A chunk
 * in another format is converted to the context's; only a new format that lasts (25 chunks in a
 * row) recreates the context, so a stream alternating rates cannot make it rebuild per packet.
 * Browsers start it suspended until a user gesture: the engine calls `resume()` on the receiver's
 * first pointer or key event.
 * @internal
 */
export class AudioPlayer {
  #context: AudioContext | null = null;
  #node: Promise<AudioWorkletNode | null> | null = null;
  #rate = 0;
  #channels = 0;
  #closed = false;
  #other = { rate: 0, channels: 0, run: 0 };

  /**
   * Queues interleaved samples.
   * @throws ProtocolError `BAD_PAYLOAD` for a rate outside 3000..768000 Hz or channels outside 1..32
   */
  push(samples: Float32Array, sampleRate: number, channels: number): void {
    if (!Number.isInteger(sampleRate) || sampleRate < MIN_RATE || sampleRate > MAX_RATE) {
      throw new ProtocolError(
        'BAD_PAYLOAD',
        `audio sample rate ${sampleRate} Hz is outside ${MIN_RATE}..${MAX_RATE}`,
      );
    }
    if (!Number.isInteger(channels) || channels < 1 || channels > MAX_CHANNELS) {
      throw new ProtocolError('BAD_PAYLOAD', `audio channels ${channels} outside 1..${MAX_CHANNELS}`);
    }
    if (this.#closed || typeof AudioContext === 'undefined') return;
    if (!this.#context || this.#switching(sampleRate, channels)) this.#open(sampleRate, channels);
    // Copy (or convert): the samples may be a view into a message buffer.
    const out = convertPcm(samples, sampleRate, channels, this.#rate, this.#channels);
    const copy = out === samples ? new Float32Array(samples) : out;
    void this.#node?.then((n) => n?.port.postMessage(copy, [copy.buffer]));
  }

  /** True when a format other than the context's has lasted long enough to switch to it. */
  #switching(rate: number, channels: number): boolean {
    const o = this.#other;
    if (rate === this.#rate && channels === this.#channels) {
      o.run = 0;
      return false;
    }
    if (o.rate === rate && o.channels === channels) o.run++;
    else this.#other = { rate, channels, run: 1 };
    return this.#other.run >= SWITCH_AFTER;
  }

  /** How many AudioContexts this player created (for tests and diagnostics). */
  contexts = 0;

  /** Resumes a context the autoplay policy suspended. */
  resume(): void {
    if (this.#context?.state === 'suspended') void this.#context.resume().catch(() => {});
  }

  close(): void {
    this.#closed = true;
    this.#teardown();
  }

  #teardown(): void {
    void this.#context?.close().catch(() => {});
    this.#context = null;
    this.#node = null;
    this.#rate = 0;
    this.#channels = 0;
  }

  #open(sampleRate: number, channels: number): void {
    this.#teardown();
    // May throw (a rate the platform refuses): then nothing is recorded and the next chunk retries.
    const context = new AudioContext({ sampleRate });
    this.contexts++;
    this.#context = context;
    this.#rate = sampleRate;
    this.#channels = channels;
    this.#other = { rate: 0, channels: 0, run: 0 };
    const url = URL.createObjectURL(new Blob([playerWorkletSource()], { type: 'text/javascript' }));
    this.#node = context.audioWorklet
      .addModule(url)
      .then(() => {
        const node = new AudioWorkletNode(context, 'ds-stream-player', {
          numberOfInputs: 0,
          outputChannelCount: [channels],
          processorOptions: {
            channels,
            startFrames: Math.round(sampleRate * 0.06),
            maxFrames: Math.round(sampleRate * 0.3),
          },
        });
        node.connect(context.destination);
        return node;
      })
      .catch(() => null)
      .finally(() => URL.revokeObjectURL(url));
  }
}
