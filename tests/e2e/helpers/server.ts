// Serves the e2e pages with Vite straight from the sources (aliases map the package names to
// src/, so no build step) and runs an in-process relay; both bind 127.0.0.1 on a free port.
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createRelay } from '@ds-stream/react/relay';
import react from '@vitejs/plugin-react';
import { createServer, type ViteDevServer } from 'vite';
import { dsStreamShaper } from '../../../.storybook/shaper-plugin';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const r = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

/** Package names resolved to the sources, as in vitest.config.ts. @internal */
export const SOURCE_ALIASES: Record<string, string> = {
  '@ds-stream/react/core': r('src/core.ts'),
  '@ds-stream/react/relay': r('relay-dev/index.ts'),
  '@ds-stream/react': r('src/index.ts'),
};

/** A running page server. @internal */
export interface PageServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** URL of `tests/e2e/pages/<name>.html` with the given query parameters. */
  page(name: string, params?: Record<string, string | number>): string;
  close(): Promise<void>;
}

/**
 * Starts Vite on 127.0.0.1 with a free port, and, given `relayUrl`, the Storybook link-shaper endpoint in
 * front of it (read on first use, so the relay may start alongside). Dependencies are pre-bundled up front and
 * discovery is off: a dependency found mid-test would make Vite reload the page under the test.
 * `extraDeps` pre-bundles more (TensorFlow.js for the neural page: CommonJS inside, and hundreds of
 * modules that would otherwise be served one by one).
 * @internal
 */
export async function startPageServer(
  relayUrl?: () => string,
  extraDeps: readonly string[] = [],
): Promise<PageServer> {
  const server: ViteDevServer = await createServer({
    configFile: false,
    root,
    // Its own cache per dependency list: specs run side by side, and a server that re-optimizes
    // into another's cache would pull the pre-bundled files from under it.
    cacheDir: r(extraDeps.length > 0 ? 'node_modules/.vite-e2e-extra' : 'node_modules/.vite-e2e'),
    logLevel: 'error',
    clearScreen: false,
    plugins: relayUrl ? [react(), dsStreamShaper(relayUrl)] : [react()],
    resolve: { alias: SOURCE_ALIASES },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
    optimizeDeps: {
      noDiscovery: true,
      include: [
        'react',
        'react/jsx-runtime',
        'react/jsx-dev-runtime',
        'react-dom',
        'react-dom/client',
        'zustand',
        ...extraDeps,
      ],
    },
  });
  await server.listen();
  const address = server.httpServer?.address() as AddressInfo | null;
  if (!address) throw new Error('e2e page server did not bind');
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    page(name, params = {}) {
      const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
      return `${origin}/tests/e2e/pages/${name}.html?${query}`;
    },
    close: () => server.close(),
  };
}

/** A running relay. @internal */
export interface TestRelay {
  url: string;
  close(): Promise<void>;
}

/** Starts the dev relay in this process on 127.0.0.1 with a free port. @internal */
export async function startRelay(): Promise<TestRelay> {
  const relay = createRelay({ port: 0, host: '127.0.0.1' });
  await relay.listen();
  return { url: relay.url, close: () => relay.close() };
}
