// Starts the dev relay with Storybook's dev server and stops it with the process, so
// `npm run storybook` gives live demos with nothing else to run. `storybook build` never
// starts a dev server, so it never starts (or leaves behind) a relay.
import type { Plugin, ViteDevServer } from 'vite';

/** The port the relay listens on: `DS_STREAM_RELAY_PORT`, else 9100. @internal */
export const RELAY_PORT: number = Number(process.env.DS_STREAM_RELAY_PORT ?? 9100);
/** The host the relay binds: loopback, as a dev relay has no auth. @internal */
export const RELAY_HOST = '127.0.0.1';

interface RunningRelay {
  close(): Promise<void>;
}

let starting: Promise<RunningRelay | null> | null = null;

async function relayAlreadyServing(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://${RELAY_HOST}:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') return code;
  }
  return undefined;
}

type RelayModule = typeof import('../relay-dev/index');

async function loadRelay(server: ViteDevServer) {
  // Loaded through Vite, which resolves the sources' extensionless imports and aliases the way the
  // stories see them; Storybook's own config loader would warn about every such import.
  const { createRelay } = (await server.ssrLoadModule('/relay-dev/index.ts')) as RelayModule;
  return createRelay({ port: RELAY_PORT, host: RELAY_HOST });
}

async function startRelay(server: ViteDevServer, log: (msg: string) => void): Promise<RunningRelay | null> {
  // Imported lazily: `storybook build` loads this file but must not load the relay.
  let relay: Awaited<ReturnType<typeof loadRelay>>;
  try {
    relay = await loadRelay(server);
    await relay.listen();
  } catch (err) {
    if (errorCode(err) === 'EADDRINUSE' && (await relayAlreadyServing(RELAY_PORT))) {
      log(`ds-stream relay: port ${RELAY_PORT} already serves a relay; the stories use that one`);
      return null;
    }
    log(
      `ds-stream relay: could not start on on ${RELAY_HOST}:${RELAY_PORT} (${String(err)}); ` +
        'set DS_STREAM_RELAY_PORT to a free port',
    );
    return null;
  }
  log(`ds-stream relay: listening on ws://${RELAY_HOST}:${RELAY_PORT} (stopped with Storybook)`);
  const stop = () => {
    void relay.close();
  };
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      // Close sockets first so receivers see End, then let the default handling end the process.
      void relay.close().finally(() => process.kill(process.pid, signal));
    });
  }
  return relay;
}

/**
 * A Vite plugin that runs the ds-stream dev relay beside the dev server. Only
 * `configureServer` starts it, and Vite calls that hook for dev servers only.
 * @internal
 */
export function dsStreamRelay(): Plugin {
  return {
    name: 'ds-stream-dev-relay',
    apply: 'serve',
    configureServer(server) {
      const log = (msg: string) => server.config.logger.info(msg, { timestamp: true });
      starting ??= startRelay(server, log);
      server.httpServer?.once('close', () => {
        void starting?.then((relay) => relay?.close());
      });
    },
  };
}
