// In-page probe of the no-React element page: records every ds-* event (capture phase on the
// document, so events dispatched while the element upgrades are not missed) and reads the
// element's canvas. Loaded as a plain script before the element build.
import { canvasPixels, hashCanvas } from '../pages/probe';

/** One event the element dispatched. @internal */
export interface ElementEventRecord {
  type: string;
  /** `ds-connection` detail, the stats' framesReceived, or the error message. */
  detail: unknown;
}

const events: ElementEventRecord[] = [];
for (const type of ['ds-connection', 'ds-stats', 'ds-error']) {
  document.addEventListener(
    type,
    (e) => {
      const d = (e as CustomEvent).detail as { framesReceived?: number; message?: string };
      const detail = type === 'ds-stats' ? d.framesReceived : type === 'ds-error' ? d.message : d;
      events.push({ type, detail });
    },
    true,
  );
}

type ElementLike = HTMLElement & { canvas: HTMLCanvasElement | null; engine: unknown };
const element = (id = 'rx'): ElementLike => document.getElementById(id) as ElementLike;

Object.assign(window, {
  e2e: {
    events,
    element,
    hash: () => {
      const c = element().canvas;
      return c ? hashCanvas(c) : 'none';
    },
    pixels: () => canvasPixels(element().canvas!),
  },
});
