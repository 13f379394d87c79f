// The raster renderer over a stand-in surface, with its keyframe requests collected. Shared by the
// raster tests (compressed keyframes, resident WASM frames).
import { createRasterRenderer } from '../../src/receiver/renderers';
import type { RendererContext, RenderSurface } from '../../src/receiver/types';

export function rasterFixture(width: number, height: number) {
  const requests: string[] = [];
  const ctx: RendererContext = {
    requestKeyframe: (reason) => requests.push(reason),
    invalidate: () => {},
    setSignal: () => {},
    renderSignal: undefined,
  };
  let shown: Uint8ClampedArray | null = null;
  const surface: RenderSurface = {
    width,
    height,
    resize: () => {},
    putPixels: (rgba) => {
      shown = rgba;
    },
    context2d: () => null,
  };
  const renderer = createRasterRenderer(ctx);
  /** Draws; returns what the surface was handed (a view the renderer may reuse), or null. */
  const draw = (): Uint8ClampedArray | null => {
    shown = null;
    renderer.draw(surface);
    return shown;
  };
  return { renderer, requests, draw };
}
