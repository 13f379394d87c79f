import { decodeSignal, mergeSignal } from '../codec/signal';
import { FrameType, type Message, type SignalState } from '../protocol/index';
import type { FrameRenderer, RendererContext, RenderSurface } from './types';

/**
 * Signal mode: SignalSync (0x30) replaces the state, SignalDiff (0x31) merges into it (a diff
 * with no state asks for a SignalSync). `draw` publishes the state and calls the app's renderer.
 * @public
 */
export function createSignalRenderer(ctx: RendererContext): FrameRenderer {
  let state: SignalState | null = null;
  return {
    receive(message: Message): boolean {
      const value = decodeSignal(message);
      if (message.header.type === FrameType.SignalSync) state = value;
      else if (!state) {
        ctx.requestKeyframe('signal diff without a sync');
        return false;
      } else state = mergeSignal(state, value);
      return true;
    },
    draw(surface: RenderSurface | null) {
      if (!state) return;
      ctx.setSignal(state);
      const c = ctx.renderSignal ? (surface?.context2d() ?? null) : null;
      if (c) ctx.renderSignal!(c, state);
    },
    reset() {
      state = null;
    },
  };
}
