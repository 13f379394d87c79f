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

/**
 * Plays AudioPcm chunks through an AudioWorklet with a jitter buffer (60 ms to start, 300 ms
 * at most). The AudioContext is created at the stream's sample rate on the first chunk and
 * recreated if the rate or channel count changes. Browsers start it suspended until a user
 * gesture: the engine calls `resume()` on the receiver's first pointer or key event.
 * @internal
 */
export class AudioPlayer {
  #context: AudioContext | null = null;
  #node: Promise<AudioWorkletNode | null> | null = null;
  #rate = 0;
  #channels = 0;
  #closed = false;

  /** Queues interleaved samples. */
  push(samples: Float32Array, sampleRate: number, channels: number): void {
    if (this.#closed || typeof AudioContext === 'undefined') return;
    if (sampleRate !== this.#rate || channels !== this.#channels) this.#open(sampleRate, channels);
    // Copy: the samples may be a view into a message buffer.
    const copy = new Float32Array(samples);
    void this.#node?.then((n) => n?.port.postMessage(copy, [copy.buffer]));
  }

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
  }

  #open(sampleRate: number, channels: number): void {
    this.#teardown();
    this.#rate = sampleRate;
    this.#channels = channels;
    const context = new AudioContext({ sampleRate });
    this.#context = context;
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
