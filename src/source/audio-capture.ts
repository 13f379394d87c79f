/**
 * Interleaves planar worklet blocks (128 frames each) into fixed-size chunks. It runs inside the
 * AudioWorklet, whose module is built from this class's source text, so it must not reference
 * anything outside itself.
 * @internal
 */
export class PcmChunker {
  readonly channels: number;
  readonly frames: number;
  buffer: Float32Array;
  filled = 0;

  constructor(channels: number, frames: number) {
    this.channels = channels;
    this.frames = frames;
    this.buffer = new Float32Array(channels * frames);
  }

  /** Appends planar samples (one array per channel; missing channels are silent). Returns full chunks. */
  push(planar: readonly Float32Array[]): Float32Array[] {
    const out: Float32Array[] = [];
    const n = planar[0]?.length ?? 0;
    const ch = this.channels;
    for (let i = 0; i < n; i++) {
      const base = this.filled * ch;
      for (let c = 0; c < ch; c++) this.buffer[base + c] = planar[c]?.[i] ?? 0;
      if (++this.filled === this.frames) {
        out.push(this.buffer);
        this.buffer = new Float32Array(ch * this.frames);
        this.filled = 0;
      }
    }
    return out;
  }
}

/** The capture worklet's module text: taps its input, posts interleaved chunks, outputs silence. @internal */
export function captureWorkletSource(): string {
  return `const PcmChunker = (${PcmChunker.toString()});
class DsStreamCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = options.processorOptions || {};
    this.chunker = new PcmChunker(o.channels || 2, o.frames || 960);
  }
  process(inputs) {
    const input = inputs[0];
    if (input && input.length) {
      for (const chunk of this.chunker.push(input)) this.port.postMessage(chunk, [chunk.buffer]);
    }
    return true;
  }
}
registerProcessor('ds-stream-capture', DsStreamCapture);
`;
}

/** A running audio tap; `stop()` disconnects it. @internal */
export interface AudioTap {
  stop(): void;
}

/**
 * Taps `node` through an AudioWorklet loaded from a Blob URL (no extra file for bundlers) and
 * calls `onChunk` with interleaved Float32 chunks of about 20 ms.
 * @internal
 */
export async function startAudioTap(
  node: AudioNode,
  onChunk: (samples: Float32Array, sampleRate: number, channels: number) => void,
): Promise<AudioTap> {
  const context = node.context as BaseAudioContext;
  const channels = Math.min(2, Math.max(1, node.channelCount));
  const frames = Math.round(context.sampleRate / 50);
  const url = URL.createObjectURL(new Blob([captureWorkletSource()], { type: 'text/javascript' }));
  try {
    await context.audioWorklet.addModule(url);
  } finally {
    URL.revokeObjectURL(url);
  }
  const tap = new AudioWorkletNode(context, 'ds-stream-capture', {
    numberOfInputs: 1,
    numberOfOutputs: 1,
    channelCount: channels,
    channelCountMode: 'explicit',
    processorOptions: { channels, frames },
  });
  tap.port.onmessage = (ev: MessageEvent<Float32Array>) => onChunk(ev.data, context.sampleRate, channels);
  node.connect(tap);
  // A worklet is only pulled while connected to the destination; its output is silence.
  tap.connect(context.destination);
  return {
    stop() {
      tap.port.onmessage = null;
      try {
        node.disconnect(tap);
      } catch {
        // Already disconnected by the app.
      }
      tap.disconnect();
    },
  };
}
