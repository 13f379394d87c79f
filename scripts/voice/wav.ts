// Minimal RIFF/WAVE reader for the training scripts: PCM 16-bit or float 32-bit, any rate and
// channel count, mixed to mono and resampled to 16 kHz (what the spotter wants).
import { readFileSync } from 'node:fs';
import { resampleLinear } from '../../src/media/log-mel';

/** Reads a WAV file as 16 kHz mono float samples. */
export function readWav16k(file: string): Float32Array {
  const b = readFileSync(file);
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  if (b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WAVE')
    throw new Error(`${file}: not a WAV file`);
  let o = 12;
  let format = 0;
  let channels = 1;
  let rate = 16000;
  let bits = 16;
  while (o + 8 <= b.length) {
    const id = b.toString('latin1', o, o + 4);
    let size = v.getUint32(o + 4, true);
    const body = o + 8;
    if (id === 'fmt ') {
      format = v.getUint16(body, true);
      channels = v.getUint16(body + 2, true);
      rate = v.getUint32(body + 4, true);
      bits = v.getUint16(body + 14, true);
    } else if (id === 'data') {
      // espeak-ng --stdout writes 0x7fffffff as the data size (it streams): clamp to the file.
      size = Math.min(size, b.length - body);
      const float = format === 3 && bits === 32;
      if (!float && !(format === 1 && bits === 16))
        throw new Error(`${file}: format ${format}/${bits} bits, want PCM16 or float32`);
      const bytes = bits / 8;
      const frames = Math.floor(size / (bytes * channels));
      const mono = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let s = 0;
        for (let c = 0; c < channels; c++) {
          const at = body + (i * channels + c) * bytes;
          s += float ? v.getFloat32(at, true) : v.getInt16(at, true) / 32768;
        }
        mono[i] = s / channels;
      }
      return resampleLinear(mono, rate, 16000);
    }
    o = body + size + (size & 1);
  }
  throw new Error(`${file}: no data chunk`);
}
