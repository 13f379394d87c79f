// Microphone capture for VoiceInput: only when the app asks (it calls this), gated by
// push-to-talk or voice activity so silence is not streamed, Opus through WebCodecs when the
// browser has it (PCM s16 at 16 kHz otherwise, which is all the keyword spotter needs).
import { MediaError } from '../media/errors';
import { resampleLinear } from '../media/log-mel';
import { createOpusEncoder, isOpusSupported } from '../media/opus-encoder';
import { pcmVoiceData, VoiceCodec, type VoiceInput } from '../protocol/index';
import { VoiceGate, type VoiceGateOptions } from './voice-gate';

/** Options of `startVoiceCapture`. @public */
export interface VoiceCaptureOptions extends VoiceGateOptions {
  /**
   * Wire codec; `auto` is Opus when WebCodecs can encode it, else PCM.
   * @defaultValue 'auto'
   */
  codec?: 'auto' | 'opus' | 'pcm';
  /**
   * Opus bitrate, bits per second.
   * @defaultValue 24000
   */
  bitrate?: number;
  /**
   * The microphone stream; the capture stops its tracks on `stop()` only when it opened them.
   * @defaultValue `getUserMedia({ audio: true })`
   */
  stream?: MediaStream;
}

/** A running microphone capture. @public */
export interface VoiceCapture {
  /** The codec chosen. */
  readonly codec: 'opus' | 'pcm';
  /** Push-to-talk switch (no effect in voice-activity mode). */
  talk(on: boolean): void;
  /** Stops capture, closes the encoder and, when it opened it, the microphone. */
  stop(): void;
}

const PCM_RATE = 16000;
const CHUNK_MS = 20;

// A mono tap: posts 20 ms Float32 chunks. Self-contained text (it runs in the AudioWorklet).
const WORKLET = `class DsVoiceTap extends AudioWorkletProcessor {
  constructor(o) { super(); this.n = o.processorOptions.frames; this.buf = new Float32Array(this.n); this.at = 0; }
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (ch) for (let i = 0; i < ch.length; i++) {
      this.buf[this.at++] = ch[i];
      if (this.at === this.n) { this.port.postMessage(this.buf, [this.buf.buffer]); this.buf = new Float32Array(this.n); this.at = 0; }
    }
    return true;
  }
}
registerProcessor('ds-voice-tap', DsVoiceTap);`;

/**
 * Starts capturing the microphone and calls `send` with VoiceInput chunks (pass the receiver
 * engine's `sendInput`, so voice counts against the receiver's input budget like any input).
 * @throws MediaError `UNSUPPORTED` when `codec: 'opus'` is asked for and WebCodecs lacks it,
 * `BAD_INPUT` for gate settings out of range (the microphone is released again);
 * DOMException `NotAllowedError` when the user refuses the microphone
 * @example
 * ```ts
 * const voice = await startVoiceCapture((ev) => engine.sendInput(ev), { mode: 'push-to-talk' });
 * button.onpointerdown = () => voice.talk(true);
 * button.onpointerup = () => voice.talk(false);
 * ```
 * @public
 */
export async function startVoiceCapture(
  send: (ev: VoiceInput) => void,
  options: VoiceCaptureOptions = {},
): Promise<VoiceCapture> {
  const own = !options.stream;
  const stream =
    options.stream ??
    (await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
    }));
  // Anything that fails from here on must not leave the microphone on or a context running.
  let context: AudioContext | null = null;
  let closeEncoder = () => {};
  try {
    context = new AudioContext();
    return await capture(send, options, stream, own, context, (close) => {
      closeEncoder = close;
    });
  } catch (e) {
    closeEncoder();
    void context?.close();
    if (own) for (const t of stream.getTracks()) t.stop();
    throw e;
  }
}

// The capture once its context exists; `startVoiceCapture` undoes it all when this throws.
async function capture(
  send: (ev: VoiceInput) => void,
  options: VoiceCaptureOptions,
  stream: MediaStream,
  own: boolean,
  context: AudioContext,
  onEncoder: (close: () => void) => void,
): Promise<VoiceCapture> {
  const rate = context.sampleRate;
  const wantOpus = options.codec !== 'pcm';
  // A rate the Opus settings refuse (a 96 or 192 kHz interface) is a no, not a failed capture.
  const opusRate = rate >= 8000 && rate <= 65_535;
  const opus =
    wantOpus &&
    opusRate &&
    (await isOpusSupported({ sampleRate: rate, channels: 1, bitrate: options.bitrate ?? 24000 }));
  const codec = opus ? 'opus' : 'pcm';
  if (options.codec === 'opus' && !opus) throw new MediaError('UNSUPPORTED', `Opus at ${rate} Hz`);
  const gate = new VoiceGate(options);
  let seq = 0;
  let startNext = false;
  const emit = (data: Uint8Array, sampleRate: number, frames: number, start: boolean, end: boolean) =>
    send({
      kind: 'voice',
      codec: opus ? VoiceCodec.Opus : VoiceCodec.Pcm16,
      start,
      end,
      seq: seq++ & 0xffff,
      sampleRate,
      frames,
      data,
    });
  const encoder = opus
    ? createOpusEncoder({
        sampleRate: rate,
        channels: 1,
        bitrate: options.bitrate ?? 24000,
        onPacket: (p) => {
          emit(p.bytes, rate, Math.round((p.durationUs * rate) / 1e6), startNext, false);
          startNext = false;
        },
      })
    : null;
  if (encoder) onEncoder(() => encoder.close());
  let ending: Promise<void> = Promise.resolve();
  const onChunk = (chunk: Float32Array) => {
    const out = gate.push(chunk, CHUNK_MS);
    for (let i = 0; i < out.chunks.length; i++) {
      const c = out.chunks[i]!;
      const start = out.start && i === 0;
      if (encoder) {
        if (start) startNext = true;
        encoder.encode(c);
      } else {
        const pcm = resampleLinear(c, rate, PCM_RATE);
        emit(pcmVoiceData(pcm), PCM_RATE, pcm.length, start, false);
      }
    }
    if (out.end) {
      // The end marker goes after the encoder's last packet of this utterance.
      ending = ending.then(async () => {
        await encoder?.flush();
        emit(new Uint8Array(0), encoder ? rate : PCM_RATE, 0, false, true);
      });
    }
  };
  const url = URL.createObjectURL(new Blob([WORKLET], { type: 'text/javascript' }));
  try {
    await context.audioWorklet.addModule(url);
  } finally {
    URL.revokeObjectURL(url);
  }
  const source = context.createMediaStreamSource(stream);
  const tap = new AudioWorkletNode(context, 'ds-voice-tap', {
    processorOptions: { frames: Math.round((rate * CHUNK_MS) / 1000) },
  });
  tap.port.onmessage = (ev: MessageEvent<Float32Array>) => onChunk(ev.data);
  source.connect(tap);
  // A worklet is only pulled while connected to the destination; its output is silence.
  tap.connect(context.destination);
  await context.resume();
  return {
    codec,
    talk: (on) => gate.talk(on),
    stop() {
      tap.port.onmessage = null;
      source.disconnect();
      tap.disconnect();
      encoder?.close();
      void context.close();
      if (own) for (const t of stream.getTracks()) t.stop();
    },
  };
}
