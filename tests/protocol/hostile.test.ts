import {
  decodeInput,
  decodeMessage,
  encodeMessage,
  Flag,
  FrameType,
  isProtocolError,
  MessageReader,
} from '@ds-stream/react/core';
import fc from 'fast-check';
import { describe, it } from 'vitest';

// Any throw that is not a ProtocolError fails the property.
function onlyProtocolErrors(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!isProtocolError(e)) throw e;
  }
}

const valid = encodeMessage(
  { type: FrameType.SignalDiff, flags: 0, seq: 3, timestamp: 4, width: 0, height: 0 },
  new TextEncoder().encode('{"x":1}'),
);

describe('hostile input', () => {
  it('10,000 random byte strings into the reader raise only ProtocolError', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 6 }), (chunks) => {
        const r = new MessageReader({ maxPayload: 1024 });
        for (const c of chunks) onlyProtocolErrors(() => r.push(c));
      }),
      { numRuns: 10_000 },
    );
  });

  it('random bytes into decodeMessage and decodeInput raise only ProtocolError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), (bytes) => {
        onlyProtocolErrors(() => {
          const m = decodeMessage(bytes, { maxPayload: 1024 });
          if (m.header.flags & Flag.Input) decodeInput(m);
        });
      }),
      { numRuns: 10_000 },
    );
  });

  it('single-byte mutations of a valid message raise only ProtocolError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: valid.length - 1 }), fc.integer({ min: 0, max: 255 }), (i, v) => {
        const m = valid.slice();
        m[i] = v;
        onlyProtocolErrors(() => decodeMessage(m));
        onlyProtocolErrors(() => new MessageReader().push(m));
      }),
      { numRuns: 5_000 },
    );
  });
});
