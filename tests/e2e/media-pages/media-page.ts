// Runs the media adapters (src/media) inside Chromium for tests/e2e/media.spec.ts: each function
// encodes and decodes with the browser's real WebP and Opus codecs and reports numbers to compare.
import {
  createAudioMessageDecoder,
  createAudioMessageEncoder,
  type DecodedAudio,
  decodeCompressedFrame,
  decodeImage,
  decodeMessage,
  encodeAudioCompressed,
  encodeCompressed,
  encodeCompressedFrame,
  encodeImage,
  type ImageEncodeOptions,
  isMediaError,
  isOpusSupported,
  isProtocolError,
  isWebpEncodeSupported,
} from '@ds-stream/react/core';

const W = 320;
const H = 240;

/** A test scene: gradient sky, soft shapes, a few hard edges and text, like a small app UI. */
function paintScene(ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D): void {
  const g = ctx.createLinearGradient(0, 0, W, H);
  g.addColorStop(0, '#0f172a');
  g.addColorStop(1, '#38bdf8');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, W, H);
  const colours = ['#f97316', '#22c55e', '#eab308', '#a855f7', '#ef4444'];
  colours.forEach((c, i) => {
    ctx.fillStyle = c;
    ctx.beginPath();
    ctx.arc(40 + i * 60, 80 + (i % 2) * 60, 24, 0, Math.PI * 2);
    ctx.fill();
  });
  ctx.strokeStyle = '#f8fafc';
  ctx.lineWidth = 3;
  ctx.strokeRect(10, 180, 300, 50);
  ctx.fillStyle = '#f8fafc';
  ctx.font = '20px sans-serif';
  ctx.fillText('ds-stream 0.1', 24, 212);
}

function sceneData(): ImageData {
  const c = new OffscreenCanvas(W, H);
  const ctx = c.getContext('2d')!;
  paintScene(ctx);
  return ctx.getImageData(0, 0, W, H);
}

function bitmapData(bitmap: ImageBitmap): ImageData {
  const c = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = c.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
}

/** PSNR over the RGB channels, dB. */
function psnr(a: ImageData, b: ImageData): number {
  let se = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 3; c++) se += (a.data[i + c]! - b.data[i + c]!) ** 2;
  }
  const mse = se / ((a.data.length / 4) * 3);
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

function errorCode(e: unknown): string {
  if (isMediaError(e) || isProtocolError(e)) return e.code;
  return `not a typed error: ${String(e)}`;
}

async function webpRoundTrip(options: ImageEncodeOptions = {}) {
  const src = sceneData();
  const img = await encodeImage(src, options);
  const bitmap = await decodeImage(img.bytes, img.mime);
  const out = bitmapData(bitmap);
  bitmap.close();
  return {
    mime: img.mime,
    bytes: img.bytes.length,
    rawBytes: src.data.length,
    width: out.width,
    height: out.height,
    psnr: psnr(src, out),
  };
}

async function canvasMessageRoundTrip() {
  const canvas = document.getElementById('scene') as HTMLCanvasElement;
  paintScene(canvas.getContext('2d')!);
  const message = await encodeCompressedFrame(canvas, { seq: 7, timestamp: 1234 });
  const decoded = decodeMessage(message);
  const pic = await decodeCompressedFrame(decoded);
  const out = bitmapData(pic.bitmap);
  pic.bitmap.close();
  return {
    type: decoded.header.type,
    flags: decoded.header.flags,
    seq: decoded.header.seq,
    width: pic.width,
    height: pic.height,
    psnr: psnr(sceneData(), out),
  };
}

async function failures() {
  const codes: Record<string, string> = {};
  const png = await encodeImage(sceneData(), { type: 'image/png' });
  const broken = png.bytes.slice(0, 64); // a PNG signature with its image data cut off
  await decodeImage(broken, 'image/png').then(
    () => (codes.truncated = 'decoded'),
    (e) => (codes.truncated = errorCode(e)),
  );
  await encodeImage(sceneData(), { quality: 2 }).then(
    () => (codes.quality = 'encoded'),
    (e) => (codes.quality = errorCode(e)),
  );
  const lying = decodeMessage(encodeCompressed(png.bytes, W + 1, H, { seq: 1, timestamp: 0 }));
  await decodeCompressedFrame(lying).then(
    () => (codes.lyingHeader = 'decoded'),
    (e) => (codes.lyingHeader = errorCode(e)),
  );
  return codes;
}

function tone(freq: number, seconds: number, rate: number, channels: number, amp: number): Float32Array {
  const n = Math.round(seconds * rate);
  const out = new Float32Array(n * channels);
  for (let i = 0; i < n; i++) {
    const v = amp * Math.sin((2 * Math.PI * freq * i) / rate);
    for (let c = 0; c < channels; c++) out[i * channels + c] = v;
  }
  return out;
}

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / Math.max(1, x.length));
}

/** Frequency from rising zero crossings of channel 0. */
function pitch(x: Float32Array, channels: number, rate: number): number {
  let crossings = 0;
  const frames = x.length / channels;
  for (let i = 1; i < frames; i++) if (x[(i - 1) * channels]! < 0 && x[i * channels]! >= 0) crossings++;
  return (crossings * rate) / frames;
}

async function audioRoundTrip(codec: 'opus' | 'pcm' | 'auto', freq = 440, channels = 1) {
  const rate = 48_000;
  const src = tone(freq, 1, rate, channels, 0.5);
  const messages: Uint8Array[] = [];
  let seq = 0;
  const enc = await createAudioMessageEncoder({
    sampleRate: rate,
    channels,
    codec,
    meta: () => ({ seq: seq++, timestamp: seq * 20 }),
    onMessage: (m) => messages.push(m),
  });
  const chunk = (rate / 100) * channels; // feed 10 ms at a time: the encoder cuts its own 20 ms frames
  for (let at = 0; at < src.length; at += chunk) enc.encode(src.subarray(at, at + chunk));
  await enc.flush();
  enc.close();
  const blocks: DecodedAudio[] = [];
  const errors: string[] = [];
  const dec = createAudioMessageDecoder({
    onAudio: (a) => blocks.push(a),
    onError: (e) => errors.push(e.code),
  });
  for (const m of messages) dec.decode(decodeMessage(m));
  await dec.flush();
  dec.close();
  const total = blocks.reduce((n, b) => n + b.samples.length, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const b of blocks) {
    out.set(b.samples, at);
    at += b.samples.length;
  }
  const outRate = blocks[0]?.sampleRate ?? 0;
  const edge = Math.round(0.04 * outRate) * channels; // skip codec warm-up and tail
  const body = out.subarray(edge, Math.max(edge, out.length - edge));
  return {
    codec: enc.codec,
    messages: messages.length,
    types: [...new Set(messages.map((m) => m[0]))],
    avgMessageBytes: messages.reduce((n, m) => n + m.length, 0) / Math.max(1, messages.length),
    srcSeconds: src.length / channels / rate,
    outSeconds: outRate ? total / channels / outRate : 0,
    outRate,
    outChannels: blocks[0]?.channels ?? 0,
    srcRms: rms(src),
    outRms: rms(body),
    pitch: outRate ? pitch(body, channels, outRate) : 0,
    errors,
  };
}

async function badAudio() {
  const codes: Record<string, string> = {};
  try {
    await createAudioMessageEncoder({
      sampleRate: 48_000,
      channels: 3,
      meta: () => ({ seq: 0, timestamp: 0 }),
      onMessage: () => {},
    });
    codes.channels = 'created';
  } catch (e) {
    codes.channels = errorCode(e);
  }
  const errors: string[] = [];
  const dec = createAudioMessageDecoder({ onAudio: () => {}, onError: (e) => errors.push(e.code) });
  try {
    // An AudioCompressed frame whose packet is not valid Opus: code-3 TOC with a frame count of 0.
    const bogus = encodeAudioCompressed(new Uint8Array([0x03, 0x00]), 48_000, 1, { seq: 0, timestamp: 0 });
    dec.decode(decodeMessage(bogus));
    await dec.flush().catch((e) => errors.push(errorCode(e)));
  } catch (e) {
    errors.push(errorCode(e));
  }
  codes.garbage = errors.join(',') || 'decoded';
  try {
    dec.decode(decodeMessage(new Uint8Array([0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])));
    codes.notAudio = 'decoded';
  } catch (e) {
    codes.notAudio = errorCode(e);
  }
  return codes;
}

const api = {
  webpRoundTrip,
  canvasMessageRoundTrip,
  failures,
  audioRoundTrip,
  badAudio,
  support: async () => ({ webp: await isWebpEncodeSupported(), opus: await isOpusSupported() }),
};

declare global {
  interface Window {
    media?: typeof api;
  }
}
window.media = api;
