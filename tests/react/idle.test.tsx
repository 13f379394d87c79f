// The idle snapshots hooks show before an engine exists come from the engines' own initial state
// (#25), so the first render and the engine's first snapshot cannot drift apart.
import {
  createReceiverEngine,
  createSourceEngine,
  initialReceiverState,
  initialSourceState,
} from '@ds-stream/react/core';
import { expect, test } from 'vitest';
import { IDLE_RECEIVER_STATE, idleSourceState } from '../../src/react/idle';

test('IDLE_RECEIVER_STATE is the receiver engine initial state', () => {
  const engine = createReceiverEngine({ url: 'ws://127.0.0.1:1', channel: 'c' });
  expect(IDLE_RECEIVER_STATE).toEqual(initialReceiverState());
  expect(IDLE_RECEIVER_STATE).toEqual(engine.store.getState());
  engine.dispose();
});

test('idleSourceState is the source engine initial state, reason idle', () => {
  const engine = createSourceEngine({ url: 'ws://127.0.0.1:1', channel: 'c', mode: 'pixel', fps: 24 });
  const fresh = engine.store.getState();
  expect(fresh).toEqual(initialSourceState('pixel', 24, fresh.imageQuality));
  const idle = idleSourceState('pixel', 24, true, fresh.imageQuality);
  expect({ ...idle, quality: { ...idle.quality, reason: fresh.quality.reason } }).toEqual(fresh);
  engine.dispose();
});
