import { encodeSignalDiff, encodeSignalSync } from '../codec/signal';
import { diffSignal, type SignalState } from '../protocol/index';
import type { EncodedFrame, FrameEncoder } from './types';

// A lazy chunk of the source (see `lazyEncoder`): the signal codec and diffing load with a
// stream's first signal frame.

/**
 * Signal mode: a SignalSync (0x30) of the whole state, then SignalDiffs (0x31) of what changed
 * since the last state sent; nothing when nothing changed; a SignalSync again every
 * `keyframeInterval` frames and on request.
 * @public
 */
export function createSignalEncoder(options: { keyframeInterval: number }): FrameEncoder {
  let sent: SignalState | null = null;
  let sinceKey = 0;
  return {
    mode: 'signal',
    input: 'signal',
    encode(input, ctx): EncodedFrame | null {
      if (input.kind !== 'signal') return null;
      const state = structuredCloneJson(input.state);
      const key = ctx.keyframe || !sent || sinceKey >= options.keyframeInterval;
      let message: Uint8Array;
      if (key) message = encodeSignalSync(state, ctx);
      else {
        const diff = diffSignal(sent!, state);
        if (diff === null) return null;
        message = encodeSignalDiff(diff, ctx);
      }
      return {
        message,
        keyframe: key,
        commit() {
          sent = state;
          sinceKey = key ? 1 : sinceKey + 1;
        },
      };
    },
    reset() {
      sent = null;
    },
  };
}

// The app may mutate its state object in place; keep our own copy as the diff reference.
function structuredCloneJson(s: SignalState): SignalState {
  return JSON.parse(JSON.stringify(s)) as SignalState;
}
