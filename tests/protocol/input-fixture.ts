// Shared by the input type tests (bci, voice): hand-built input messages, so a decoder meets
// bytes no encoder would write, and the error code a call fails with.
import { decodeMessage, encodeMessage, Flag, isProtocolError, type Message } from '@ds-stream/react/core';

/** A decoded input message of `type` carrying `payload` as it is. */
export const rawInput = (type: number, payload: ArrayLike<number>): Message =>
  decodeMessage(
    encodeMessage(
      { type, flags: Flag.Input, seq: 0, timestamp: 0, width: 0, height: 0 },
      Uint8Array.from(payload),
    ),
  );

/** The ProtocolError code `f` throws, 'accepted' when it returns, a note when it throws anything else. */
export const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return isProtocolError(e) ? e.code : `not a ProtocolError: ${String(e)}`;
  }
  return 'accepted';
};
