// Node has no image decoder: receivers on the lossy layer decode its WebP pictures through
// @napi-rs/canvas, standing in for the browser's createImageBitmap (a canvas with close()).
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { vi } from 'vitest';

/** Installs the stand-in for the calling test file (vitest restores globals per file). */
export function stubCreateImageBitmap(): void {
  vi.stubGlobal('createImageBitmap', async (blob: Blob) => {
    const img = await loadImage(Buffer.from(await blob.arrayBuffer()));
    const c = createCanvas(img.width, img.height);
    c.getContext('2d').drawImage(img, 0, 0);
    return Object.assign(c, { close() {} });
  });
}
