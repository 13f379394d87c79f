// The public core surface carries no @internal transport helpers (#17): engines import them from
// their files directly.
import * as core from '@ds-stream/react/core';
import { expect, test } from 'vitest';
import * as transport from '../../src/transport/index';

test.each(['bindTransport', 'StatsMeter', 'sameStats'])(
  '%s is not exported from the barrel or core',
  (name) => {
    expect(name in transport).toBe(false);
    expect(name in core).toBe(false);
  },
);

test('the public transport API is still there', () => {
  expect(typeof core.createWebSocketTransport).toBe('function');
  expect(typeof core.channelUrl).toBe('function');
  expect(core.EMPTY_STATS.framesSent).toBe(0);
});
