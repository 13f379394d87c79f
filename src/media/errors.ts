/**
 * Machine-readable reasons a media adapter fails.
 * @public
 */
export type MediaErrorCode = 'UNSUPPORTED' | 'BAD_INPUT' | 'ENCODE_FAILED' | 'DECODE_FAILED' | 'CLOSED';

const MESSAGES: Readonly<Record<MediaErrorCode, string>> = {
  UNSUPPORTED: 'this browser lacks the API or codec',
  BAD_INPUT: 'invalid argument',
  ENCODE_FAILED: 'the platform encoder failed',
  DECODE_FAILED: 'the platform decoder failed',
  CLOSED: 'the coder was closed',
};

/**
 * The media layer's error type, built like `ProtocolError`: `code` says why, the message adds detail.
 * @example
 * ```ts
 * try { await decodeImage(bytes, 'image/webp'); }
 * catch (e) { if (isMediaError(e, 'DECODE_FAILED')) requestKeyframe(); }
 * ```
 * @public
 */
export class MediaError extends Error {
  /** Machine-readable reason. */
  readonly code: MediaErrorCode;

  constructor(code: MediaErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${code}: ${MESSAGES[code]} (${detail})` : `${code}: ${MESSAGES[code]}`, options);
    this.name = 'MediaError';
    this.code = code;
  }
}

/** True when `e` is a `MediaError` (optionally with the given code). @public */
export function isMediaError(e: unknown, code?: MediaErrorCode): e is MediaError {
  return e instanceof MediaError && (code === undefined || e.code === code);
}
