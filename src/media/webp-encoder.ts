import { type CompressedMime, encodeCompressed, type FrameMeta, sniffImageMime } from '../codec/index';
import { MediaError } from './errors';

/** Formats `encodeImage` can ask the browser for. @public */
export type ImageEncodeMime = 'image/webp' | 'image/png';

/** What `encodeImage` reads pixels from. @public */
export type ImageSource = ImageData | HTMLCanvasElement | OffscreenCanvas;

/** Options of `encodeImage`. @public */
export interface ImageEncodeOptions {
  /**
   * Format to ask for. Browsers without a WebP encoder (Safari) answer with PNG; `mime` in the
   * result says what came back.
   * @defaultValue `'image/webp'`
   */
  type?: ImageEncodeMime;
  /**
   * Lossy quality 0..1 (WebP only).
   * @defaultValue `DEFAULT_WEBP_QUALITY` (0.8)
   */
  quality?: number;
}

/** An encoded picture. @public */
export interface EncodedImage {
  /** The encoded file bytes. */
  bytes: Uint8Array;
  /** Format actually produced, sniffed from the bytes. */
  mime: CompressedMime;
  width: number;
  height: number;
}

/** WebP quality used when none is given; above 30 dB PSNR on the springs demo. @public */
export const DEFAULT_WEBP_QUALITY = 0.8;

function isImageData(s: ImageSource): s is ImageData {
  return typeof ImageData !== 'undefined' ? s instanceof ImageData : !('getContext' in s);
}

function canvasFor(data: ImageData): OffscreenCanvas | HTMLCanvasElement {
  let canvas: OffscreenCanvas | HTMLCanvasElement;
  if (typeof OffscreenCanvas !== 'undefined') canvas = new OffscreenCanvas(data.width, data.height);
  else if (typeof document !== 'undefined') {
    canvas = document.createElement('canvas');
    canvas.width = data.width;
    canvas.height = data.height;
  } else throw new MediaError('UNSUPPORTED', 'no OffscreenCanvas or document to draw ImageData into');
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!ctx) throw new MediaError('UNSUPPORTED', '2d canvas context unavailable');
  ctx.putImageData(data, 0, 0);
  return canvas;
}

function toBlob(canvas: OffscreenCanvas | HTMLCanvasElement, type: string, quality: number): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality });
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new MediaError('ENCODE_FAILED', 'toBlob gave null'))),
      type,
      quality,
    ),
  );
}

/**
 * Encodes a canvas or `ImageData` to WebP (or PNG) with the browser's own encoder
 * (`OffscreenCanvas.convertToBlob` / `canvas.toBlob`).
 * @throws MediaError `BAD_INPUT` (quality outside 0..1, empty picture), `UNSUPPORTED`, `ENCODE_FAILED`
 * @example
 * ```ts
 * const { bytes, mime } = await encodeImage(canvas, { quality: 0.8 });
 * ```
 * @public
 */
export async function encodeImage(
  source: ImageSource,
  options: ImageEncodeOptions = {},
): Promise<EncodedImage> {
  const type = options.type ?? 'image/webp';
  const quality = options.quality ?? DEFAULT_WEBP_QUALITY;
  if (type !== 'image/webp' && type !== 'image/png')
    throw new MediaError('BAD_INPUT', `type: ${String(type)}`);
  if (!Number.isFinite(quality) || quality < 0 || quality > 1)
    throw new MediaError('BAD_INPUT', `quality: ${quality}`);
  if (source.width === 0 || source.height === 0)
    throw new MediaError('BAD_INPUT', 'picture is 0 pixels wide or high');
  const canvas = isImageData(source) ? canvasFor(source) : source;
  let blob: Blob;
  try {
    blob = await toBlob(canvas, type, quality);
  } catch (e) {
    throw e instanceof MediaError ? e : new MediaError('ENCODE_FAILED', String(e), { cause: e });
  }
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const mime = sniffImageMime(bytes);
  if (mime === null)
    throw new MediaError('ENCODE_FAILED', `browser returned ${blob.type || 'unknown'} bytes`);
  return { bytes, mime, width: canvas.width, height: canvas.height };
}

/**
 * Encodes a canvas or `ImageData` straight into a CompressedPixels message (0x02).
 * @example
 * ```ts
 * transport.send(await encodeCompressedFrame(canvas, { seq, timestamp }));
 * ```
 * @public
 */
export async function encodeCompressedFrame(
  source: ImageSource,
  meta: FrameMeta,
  options: ImageEncodeOptions = {},
): Promise<Uint8Array> {
  const img = await encodeImage(source, options);
  return encodeCompressed(img.bytes, img.width, img.height, meta);
}

let webpSupport: Promise<boolean> | null = null;

/** Resolves true when this browser's canvas can encode WebP (probed once, then cached). @public */
export function isWebpEncodeSupported(): Promise<boolean> {
  webpSupport ??= (async () => {
    try {
      const data = new ImageData(1, 1);
      return (await encodeImage(data, { type: 'image/webp' })).mime === 'image/webp';
    } catch {
      return false;
    }
  })();
  return webpSupport;
}
