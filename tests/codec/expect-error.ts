import { expect } from 'vitest';
import { ProtocolError, type ProtocolErrorCode } from '../../src/protocol/index';

const CLOSE: Record<ProtocolErrorCode, number> = {
  TRUNCATED: 1002,
  LENGTH_MISMATCH: 1002,
  PAYLOAD_TOO_LARGE: 1009,
  UNKNOWN_TYPE: 1002,
  SIZE_MISMATCH: 1007,
  BAD_JSON: 1007,
  BAD_PAYLOAD: 1007,
  READER_ERRORED: 1002,
};

/** Asserts `fn` throws a ProtocolError with `code`, its close code, and a message naming `pattern`. */
export function expectProtocolError(
  fn: () => unknown,
  code: ProtocolErrorCode,
  pattern?: RegExp,
): ProtocolError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ProtocolError);
  const err = caught as ProtocolError;
  expect(err.code).toBe(code);
  expect(err.closeCode).toBe(CLOSE[code]);
  expect(err.message.startsWith(`${code}: `)).toBe(true);
  if (pattern) expect(err.message).toMatch(pattern);
  return err;
}
