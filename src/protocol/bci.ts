// BciInput (input 0x90): one block of biosignal samples from a receiver's device (EEG, EMG...).
// Payload (little-endian):
//   0  u8   channels     1..64
//   1  u8   flags        reserved, must be 0
//   2  u32  seq          block number, wraps (a gap means a lost block)
//   6  f32  sampleRate   Hz per channel, finite, 0 < rate <= 100000
//   10 u16  frames       samples per channel, 1..4096
//   12 f32 x frames x channels   samples, frame-major (s0c0 s0c1 .. s1c0 ..), finite
import { fail } from './errors';

/** Bytes before the samples. @internal */
export const BCI_HEADER_SIZE = 12;
/** Most channels one block may carry. @public */
export const MAX_BCI_CHANNELS = 64;
/** Most samples per channel one block may carry. @public */
export const MAX_BCI_FRAMES = 4096;

/**
 * A block of biosignal samples (input 0x90): `samples[frame * channels + channel]`, in the
 * device's unit (microvolts for EEG).
 * @public
 */
export interface BciInput {
  kind: 'bci';
  channels: number;
  seq: number;
  sampleRate: number;
  samples: Float32Array;
}

/**
 * Payload size of a BciInput.
 * @throws ProtocolError `BAD_PAYLOAD` (samples not whole frames, channels or frames out of
 * range, a rate or a sample `readBci` would refuse)
 * @internal
 */
export function bciPayloadSize(e: BciInput): number {
  const frames = e.samples.length / e.channels;
  if (
    !(
      Number.isInteger(e.channels) &&
      e.channels >= 1 &&
      e.channels <= MAX_BCI_CHANNELS &&
      Number.isInteger(frames) &&
      frames >= 1 &&
      frames <= MAX_BCI_FRAMES
    )
  ) {
    fail('BAD_PAYLOAD', `BciInput of ${e.samples.length} samples on ${e.channels} channels`);
  }
  // What `readBci` refuses is refused here, at the receiver whose device made it.
  const rate = Math.fround(e.sampleRate);
  if (!(Number.isFinite(rate) && rate > 0 && rate <= 100000))
    fail('BAD_PAYLOAD', `BciInput sample rate ${e.sampleRate}`);
  for (let i = 0; i < e.samples.length; i++) {
    if (!Number.isFinite(e.samples[i])) fail('BAD_PAYLOAD', `BciInput sample ${i} is ${e.samples[i]}`);
  }
  return BCI_HEADER_SIZE + 4 * e.samples.length;
}

/** Writes a BciInput payload into `v`. @internal */
export function writeBci(v: DataView, e: BciInput): void {
  v.setUint8(0, e.channels);
  v.setUint8(1, 0);
  v.setUint32(2, e.seq >>> 0, true);
  v.setFloat32(6, e.sampleRate, true);
  v.setUint16(10, e.channels > 0 ? Math.floor(e.samples.length / e.channels) : 0, true);
  for (let i = 0; i < e.samples.length; i++) v.setFloat32(BCI_HEADER_SIZE + 4 * i, e.samples[i]!, true);
}

/**
 * Reads and validates a BciInput payload.
 * @throws ProtocolError `BAD_PAYLOAD` (short, channels or frames out of range, reserved flags
 * set, rate not finite or out of range, a sample not finite), `SIZE_MISMATCH` (length is not
 * 12 + 4 x frames x channels)
 * @internal
 */
export function readBci(payload: Uint8Array): BciInput {
  if (payload.length < BCI_HEADER_SIZE)
    fail('BAD_PAYLOAD', `BciInput is ${payload.length} bytes, header needs ${BCI_HEADER_SIZE}`);
  const v = new DataView(payload.buffer, payload.byteOffset, payload.length);
  const channels = v.getUint8(0);
  const flags = v.getUint8(1);
  const sampleRate = v.getFloat32(6, true);
  const frames = v.getUint16(10, true);
  if (channels < 1 || channels > MAX_BCI_CHANNELS) fail('BAD_PAYLOAD', `BciInput channels ${channels}`);
  if (flags !== 0) fail('BAD_PAYLOAD', `BciInput flags 0x${flags.toString(16)}`);
  if (!(Number.isFinite(sampleRate) && sampleRate > 0 && sampleRate <= 100000))
    fail('BAD_PAYLOAD', `BciInput sample rate ${sampleRate}`);
  if (frames < 1 || frames > MAX_BCI_FRAMES) fail('BAD_PAYLOAD', `BciInput frames ${frames}`);
  const expected = BCI_HEADER_SIZE + 4 * frames * channels;
  if (payload.length !== expected)
    fail(
      'SIZE_MISMATCH',
      `BciInput is ${payload.length} bytes, ${channels} x ${frames} samples need ${expected}`,
    );
  const samples = new Float32Array(frames * channels);
  for (let i = 0; i < samples.length; i++) {
    const s = v.getFloat32(BCI_HEADER_SIZE + 4 * i, true);
    if (!Number.isFinite(s)) fail('BAD_PAYLOAD', `BciInput sample ${i} is ${s}`);
    samples[i] = s;
  }
  return { kind: 'bci', channels, seq: v.getUint32(2, true), sampleRate, samples };
}
