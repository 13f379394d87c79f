import { StatsOverlay, StreamReceiver, StreamSource } from '@ds-stream/react';
import { act, waitFor } from '@testing-library/react';
import * as React from 'react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { freshChannel, startRelay, type TestRelay } from './helpers';

let relay: TestRelay;
beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => {
  await relay.close();
});

it('hydrates the server markup without mismatches, then connects', async () => {
  const channel = freshChannel();
  const app = (
    <React.StrictMode>
      <StreamSource url={relay.url} channel={channel} mode="signal" signalState={{ hello: 'world' }}>
        <canvas width={4} height={4} />
      </StreamSource>
      <StreamReceiver url={relay.url} channel={channel}>
        <StatsOverlay />
      </StreamReceiver>
    </React.StrictMode>
  );
  const container = document.createElement('div');
  container.innerHTML = renderToString(app);
  document.body.appendChild(container);
  const consoleError = vi.spyOn(console, 'error');
  const onRecoverableError = vi.fn();
  let root: Root | undefined;
  act(() => {
    root = hydrateRoot(container, app, { onRecoverableError });
  });
  const rx = container.querySelector('[data-ds-role="receiver"]');
  await waitFor(() => expect(rx?.getAttribute('data-ds-mode')).toBe('signal'));
  expect(onRecoverableError).not.toHaveBeenCalled();
  expect(consoleError).not.toHaveBeenCalled();
  expect(relay.opened()).toBe(2);
  act(() => root?.unmount());
  await waitFor(() => expect(relay.live()).toBe(0));
  consoleError.mockRestore();
  container.remove();
});
