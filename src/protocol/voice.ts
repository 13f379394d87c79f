// VoiceInput (input 0x80, project addition): one chunk of microphone audio from a receiver.
// Payload (little-endian):
//   0  u8   codec        0 = PCM s16le, 1 = Opus (one packet)
//   1  u8   flags        0x01 first chunk of an utterance, 0x02 last chunk (others must be 0)
//   2  u16  seq          chunk number, wraps (a gap means a lost chunk)
//   4  u32  sampleRate   8000..96000 Hz
//   8  u16  frames       samples in the chunk (mono); PCM: data is exactly 2 x frames bytes
//   10 ...  data         PCM samples, or the Opus packet (only a last chunk may be empty)
import { fail } from './errors';

/** VoiceInput audio codecs. @public */
export const VoiceCodec = { Pcm16: 0, Opus: 1 } as const;
/** A VoiceInput codec code. @public */
export type VoiceCodec = (typeof VoiceCodec)[keyof typeof VoiceCodec];

/** VoiceInput flag bits. @public */
export const VoiceFlag = { Start: 0x01, End: 0x02 } as const;

/** Bytes before the audio data. @internal */
export const VOICE_HEADER_SIZE = 10;
/** Largest audio data one chunk may carry (a 20 ms Opus packet is far smaller; PCM at 48 kHz is 1,920 B). @public */
export const MAX_VOICE_DATA = 16384;

/**
 * One chunk of microphone audio (input 0x80). `start`/`end` bracket an utterance: a receiver
 * gates on push-to-talk or voice activity, so silence is not streamed.
 * @public
 */
export interface VoiceInput {
  kind: 'voice';
  codec: VoiceCodec;
  start: boolean;
  end: boolean;
  seq: number;
  sampleRate: number;
  frames: number;
  data: Uint8Array;
}

// The rules a chunk meets, for the decoder and the encoder alike (a careless sender hears of it,
// not the source).
function checkVoice(codec: number, end: boolean, sampleRate: number, frames: number, size: number): void {
  if (codec !== VoiceCodec.Pcm16 && codec !== VoiceCodec.Opus)
    fail('BAD_PAYLOAD', `VoiceInput codec ${codec}`);
  if (!(Number.isInteger(sampleRate) && sampleRate >= 8000 && sampleRate <= 96000))
    fail('BAD_PAYLOAD', `VoiceInput sample rate ${sampleRate}`);
  if (!(Number.isInteger(frames) && frames >= 0 && frames <= 0xffff))
    fail('BAD_PAYLOAD', `VoiceInput frames ${frames}`);
  if (size > MAX_VOICE_DATA) fail('PAYLOAD_TOO_LARGE', `VoiceInput data ${size} bytes > ${MAX_VOICE_DATA}`);
  if (size === 0 && !end) fail('BAD_PAYLOAD', 'empty VoiceInput that does not end an utterance');
  if (codec === VoiceCodec.Pcm16 && size !== frames * 2)
    fail('BAD_PAYLOAD', `PCM VoiceInput: ${size} bytes for ${frames} frames`);
}

/**
 * Payload size of a VoiceInput.
 * @throws ProtocolError as `readVoice` would refuse the chunk: `BAD_PAYLOAD` (unknown codec, a
 * rate that is not an integer 8000..96000, frames not an integer 0..65535, an empty chunk that is
 * not the last, PCM data not 2 x frames bytes), `PAYLOAD_TOO_LARGE` (data over 16 KiB)
 * @internal
 */
export function voicePayloadSize(e: VoiceInput): number {
  checkVoice(e.codec, e.end, e.sampleRate, e.frames, e.data.length);
  return VOICE_HEADER_SIZE + e.data.length;
}

/** Writes a VoiceInput payload into `v` (exactly `voicePayloadSize(e)` bytes). @internal */
export function writeVoice(v: DataView, e: VoiceInput): void {
  v.setUint8(0, e.codec);
  v.setUint8(1, (e.start ? VoiceFlag.Start : 0) | (e.end ? VoiceFlag.End : 0));
  v.setUint16(2, e.seq & 0xffff, true);
  v.setUint32(4, e.sampleRate >>> 0, true);
  v.setUint16(8, e.frames & 0xffff, true);
  new Uint8Array(v.buffer, v.byteOffset + VOICE_HEADER_SIZE, e.data.length).set(e.data);
}

/**
 * Reads and validates a VoiceInput payload. `data` is a copy (the transport may reuse its buffer).
 * @throws ProtocolError `BAD_PAYLOAD` (short, unknown codec or flag, rate out of range, PCM size
 * not 2 x frames, an empty chunk that is not the last), `PAYLOAD_TOO_LARGE` (data over 16 KiB)
 * @internal
 */
export function readVoice(payload: Uint8Array): VoiceInput {
  if (payload.length < VOICE_HEADER_SIZE)
    fail('BAD_PAYLOAD', `VoiceInput is ${payload.length} bytes, header needs ${VOICE_HEADER_SIZE}`);
  const v = new DataView(payload.buffer, payload.byteOffset, payload.length);
  const codec = v.getUint8(0);
  const flags = v.getUint8(1);
  const sampleRate = v.getUint32(4, true);
  const frames = v.getUint16(8, true);
  const size = payload.length - VOICE_HEADER_SIZE;
  if (flags & ~(VoiceFlag.Start | VoiceFlag.End))
    fail('BAD_PAYLOAD', `VoiceInput flags 0x${flags.toString(16)}`);
  const end = (flags & VoiceFlag.End) !== 0;
  checkVoice(codec, end, sampleRate, frames, size);
  return {
    kind: 'voice',
    codec: codec as VoiceCodec,
    start: (flags & VoiceFlag.Start) !== 0,
    end,
    seq: v.getUint16(2, true),
    sampleRate,
    frames,
    data: payload.slice(VOICE_HEADER_SIZE),
  };
}

/** PCM VoiceInput data (s16le) as float samples -1..1. @internal */
export function voicePcmSamples(e: VoiceInput): Float32Array {
  const v = new DataView(e.data.buffer, e.data.byteOffset, e.data.length);
  const out = new Float32Array(e.data.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = v.getInt16(2 * i, true) / 32768;
  return out;
}

/** Float samples -1..1 as PCM VoiceInput data (s16le, clamped). @internal */
export function pcmVoiceData(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const v = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i] ?? 0));
    v.setInt16(2 * i, Math.round(s * 32767), true);
  }
  return out;
}
