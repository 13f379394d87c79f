// A link shaper (relay-dev/link-shaper.ts) in front of the dev relay, with a tiny HTTP control
// endpoint on the dev server, so the "Adaptive quality" story can throttle its own receiver's
// link from a button. Dev servers only: a static build has neither the shaper nor the endpoint,
// and the story says so.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin, ViteDevServer } from 'vite';

/** Path of the control endpoint (GET: status; POST `?rate=<bytes/s>` or `?lift`). @internal */
export const SHAPER_ENDPOINT = '/__ds-stream/shaper';

/** What the endpoint answers: the shaper's URL and current downstream rate. @internal */
export interface ShaperStatus {
  url: string;
  /** Bytes per second, or `null` when unlimited. */
  rate: number | null;
  connections: number;
}

type RelayModule = typeof import('../relay-dev/index');
type Shaper = ReturnType<RelayModule['createLinkShaper']>;

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  shaper: Shaper,
  state: { rate: number | null },
): Promise<void> {
  const query = new URL(req.url ?? '', 'http://localhost').searchParams;
  if (req.method === 'POST') {
    if (query.has('lift')) {
      shaper.lift();
      state.rate = null;
    } else {
      const rate = Number(query.get('rate'));
      if (!Number.isFinite(rate) || rate <= 0) {
        reply(res, 400, { error: `rate must be a number of bytes per second > 0, got ${query.get('rate')}` });
        return;
      }
      shaper.setRate(rate);
      state.rate = rate;
    }
  } else if (req.method !== 'GET') {
    reply(res, 405, { error: 'GET for status, POST ?rate=<bytes/s> or ?lift' });
    return;
  }
  const status: ShaperStatus = { url: shaper.url, rate: state.rate, connections: shaper.stats().connections };
  reply(res, 200, status);
}

/**
 * A Vite plugin (dev server only) that starts a link shaper in front of `relayUrl()` and serves
 * {@link SHAPER_ENDPOINT}. The shaper binds a free port on 127.0.0.1 and closes with the server.
 * @internal
 */
export function dsStreamShaper(relayUrl: () => string): Plugin {
  let shaper: Promise<Shaper | null> | null = null;
  const state = { rate: null as number | null };
  const start = async (server: ViteDevServer): Promise<Shaper | null> => {
    try {
      // Through Vite, like the relay: the sources' extensionless imports resolve the same way.
      const { createLinkShaper } = (await server.ssrLoadModule('/relay-dev/index.ts')) as RelayModule;
      const s = createLinkShaper({ target: relayUrl() });
      await s.listen();
      server.httpServer?.once('close', () => void s.close());
      return s;
    } catch (err) {
      server.config.logger.warn(`ds-stream link shaper: could not start (${String(err)})`);
      return null;
    }
  };
  return {
    name: 'ds-stream-link-shaper',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use(SHAPER_ENDPOINT, (req, res) => {
        shaper ??= start(server);
        void shaper
          .then((s) =>
            s ? handle(req, res, s, state) : reply(res, 503, { error: 'link shaper not running' }),
          )
          .catch((err: unknown) => reply(res, 500, { error: String(err) }));
      });
    },
  };
}
