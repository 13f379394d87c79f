// A receiver that joins a running stream late shows the current picture, exactly: the relay hands it
// the last keyframe and delta log (or the merged signal state) before live frames. The time it takes
// is measured in the page and printed; the deadline is a functional one (the 500 ms target is for a
// quiet machine; bench/e2e.bench.ts measures it there).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countDifferentPixels, settledPair } from './helpers/compare';
import { type E2eEnv, startE2e } from './helpers/env';
import { onReceiver, onSource, waitOnReceiver } from './helpers/page-api';

let env: E2eEnv;
beforeAll(async () => {
  env = await startE2e();
});
afterEach(async () => {
  await env?.closePages();
});
afterAll(async () => {
  await env?.close();
});

describe('late joiner', () => {
  it.each(['delta', 'signal'] as const)(
    'in %s mode, a receiver that joins late shows the current picture',
    async (mode) => {
      const channel = `late-${mode}`;
      const source = await env.open('source', { channel, mode, autopilot: 1 });
      // An early receiver proves the stream runs before the late one arrives.
      const early = await env.open('receiver', { channel });
      await waitOnReceiver(early.page, (api) => api.state().stats.framesReceived >= 30, undefined, 60_000);
      await onSource(source.page, (api) => api.app.pause());
      // The early receiver showing the paused picture means the relay holds it too.
      const current = await onSource(source.page, (api) => api.hash());
      await waitOnReceiver(early.page, (api, h) => api.hash() === h, current, 30_000);

      const late = await env.open('receiver', { channel, expect: current });
      // Measured in the page: from just before connect() to the first paint showing the current
      // picture (an older keyframe painted first, then corrected, counts only once corrected).
      await waitOnReceiver(late.page, (api) => api.matchedAt() !== null, undefined, 30_000);
      const shownMs = await onReceiver(late.page, (api) => api.matchedAt()! - api.joinedAt);
      console.info(`late joiner (${mode}): current picture shown ${Math.round(shownMs)} ms after connect()`);
      const pair = await settledPair(source.page, late.page);
      expect(countDifferentPixels(pair.source, pair.receiver)).toBe(0);
      expect([...source.errors, ...early.errors, ...late.errors]).toEqual([]);
    },
  );
});
