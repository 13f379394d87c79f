import { lazyImport } from '../transport/lazy-module';
import type { InputCapture, InputCaptureHost } from './input-capture';
import type { ReceiverInputOptions } from './types';

type CaptureModule = typeof import('./input-capture');

/** The capture module, kept once loaded: later captures (a live `setInputs`, a new attach) start at once. */
const captureModule = lazyImport(() => import('./input-capture'));

/**
 * The receiver's DOM input capture, loaded when a canvas is attached with inputs on: its
 * listeners, coalescing and gamepad polling (about 1.3 kB min+gzip) stay out of the bytes a
 * receiver needs before its first picture, and a view-only receiver (`inputs: false`) never loads
 * them. Until the module is there nothing is listened to: a gesture in the first milliseconds
 * after the first attach is not seen, the same as one before attach. Once loaded, a capture starts
 * synchronously.
 * @internal
 */
export class LazyInputCapture {
  #real: InputCapture | null = null;
  #disposed = false;

  constructor(
    element: HTMLElement,
    canvas: object,
    options: ReceiverInputOptions | undefined,
    host: Omit<InputCaptureHost, 'box'>,
    onError: (e: unknown) => void,
  ) {
    const start = (m: CaptureModule) => {
      if (!this.#disposed) this.#real = m.captureInputOn(element, canvas, options, host);
    };
    const loaded = captureModule.loaded;
    if (loaded) start(loaded);
    else captureModule.load().then(start, onError);
  }

  /** See `InputCapture.flush`. */
  flush(): void {
    this.#real?.flush();
  }

  /** See `InputCapture.resendSize` (a capture that has not loaded yet sends its size first anyway). */
  resendSize(): void {
    this.#real?.resendSize();
  }

  dispose(): void {
    this.#disposed = true;
    this.#real?.dispose();
    this.#real = null;
  }
}
