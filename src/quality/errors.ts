/**
 * Machine-readable reasons the quality controller refuses a call.
 * @public
 */
export type QualityErrorCode = 'BAD_OPTIONS' | 'BAD_EVENT';

const MESSAGES: Readonly<Record<QualityErrorCode, string>> = {
  BAD_OPTIONS: 'invalid quality controller options',
  BAD_EVENT: 'invalid quality controller event',
};

/**
 * The quality layer's error type, built like `ProtocolError`: `code` says why, the message adds
 * which field was wrong.
 * @example
 * ```ts
 * try { createQualityController({ minMode: 'pixel', maxMode: 'signal' }); }
 * catch (e) { if (isQualityError(e, 'BAD_OPTIONS')) console.warn(e.message); }
 * ```
 * @public
 */
export class QualityError extends Error {
  /** Machine-readable reason. */
  readonly code: QualityErrorCode;

  constructor(code: QualityErrorCode, detail?: string) {
    super(detail ? `${code}: ${MESSAGES[code]} (${detail})` : `${code}: ${MESSAGES[code]}`);
    this.name = 'QualityError';
    this.code = code;
  }
}

/** True when `e` is a `QualityError` (optionally with the given code). @public */
export function isQualityError(e: unknown, code?: QualityErrorCode): e is QualityError {
  return e instanceof QualityError && (code === undefined || e.code === code);
}
