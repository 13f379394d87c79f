// Compile-time checks of the public React types (run by `tsc --noEmit`; the runtime part is trivial).

import type {
  InputEvent,
  InputEventOf,
  KeyInput,
  PointerInput,
  StatsOverlayProps,
  StreamMode,
  StreamReceiverProps,
  StreamSourceMode,
  StreamSourceProps,
  UseStreamReceiverResult,
} from '@ds-stream/react';
import { describe, expectTypeOf, it } from 'vitest';

describe('public types', () => {
  it('narrows input events by kind, including kinds that share a shape', () => {
    expectTypeOf<InputEventOf<'keydown'>>().toEqualTypeOf<KeyInput & { kind: 'keydown' }>();
    expectTypeOf<InputEventOf<'pointerdown'>['kind']>().toEqualTypeOf<'pointerdown'>();
    expectTypeOf<InputEventOf<'pointerdown'>>().toExtend<PointerInput>();
    expectTypeOf<InputEventOf<'*'>>().toEqualTypeOf<InputEvent>();
    expectTypeOf<InputEventOf<'resize'>>().toHaveProperty('width');
  });

  it('components take every div attribute except the clashing handlers', () => {
    expectTypeOf<StreamReceiverProps>().toHaveProperty('className');
    expectTypeOf<StreamReceiverProps['onError']>().toEqualTypeOf<((error: Error) => void) | undefined>();
    expectTypeOf<StreamSourceProps['onInput']>().parameter(0).toHaveProperty('kind');
    expectTypeOf<StatsOverlayProps>().toHaveProperty('style');
  });

  it('a source mode is a stream mode or "auto"; quality takes true, options or a controller', () => {
    expectTypeOf<StreamSourceMode>().toEqualTypeOf<StreamMode | 'auto'>();
    expectTypeOf<StreamSourceProps['mode']>().toEqualTypeOf<StreamSourceMode | undefined>();
    expectTypeOf<true>().toExtend<NonNullable<StreamSourceProps['quality']>>();
    expectTypeOf<{ maxMode: 'delta'; maxBitrate: number }>().toExtend<
      NonNullable<StreamSourceProps['quality']>
    >();
    expectTypeOf<{ maxMode: 'neural' }>().not.toExtend<NonNullable<StreamSourceProps['quality']>>();
  });

  it('useStreamReceiver returns data attributes typed as the store', () => {
    expectTypeOf<UseStreamReceiverResult['htmlProps']['data-ds-state']>().toEqualTypeOf<
      'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed' | 'error'
    >();
  });
});
