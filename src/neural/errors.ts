/**
 * Machine-readable reasons the neural path fails.
 * - `MODEL_MISMATCH`: a NeuralLatent names a model id or version this receiver does not ship.
 * - `BAD_STATE`: the signal state is not one the generator knows (not a 600x400 three-body view).
 * - `BAD_WEIGHTS`: a weights blob is truncated or malformed.
 * - `BACKEND_FAILED`: the tfjs wasm backend could not start.
 * @public
 */
export type NeuralErrorCode = 'MODEL_MISMATCH' | 'BAD_STATE' | 'BAD_WEIGHTS' | 'BACKEND_FAILED';

/**
 * The neural layer's error type: `code` says why, the message adds detail.
 * @example
 * ```ts
 * if (isNeuralError(store.getState().error, 'MODEL_MISMATCH')) engine.dispose();
 * ```
 * @public
 */
export class NeuralError extends Error {
  /** Machine-readable reason. */
  readonly code: NeuralErrorCode;

  constructor(code: NeuralErrorCode, detail: string, options?: { cause?: unknown }) {
    super(`${code}: ${detail}`, options);
    this.name = 'NeuralError';
    this.code = code;
  }
}

/** True when `e` is a `NeuralError` (optionally with the given code). @public */
export function isNeuralError(e: unknown, code?: NeuralErrorCode): e is NeuralError {
  return e instanceof NeuralError && (code === undefined || e.code === code);
}
