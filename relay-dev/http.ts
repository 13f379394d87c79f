// The relay's plain HTTP side, on the same port as its WebSockets: /healthz, /metrics, and a
// helpful answer for a channel path opened without an upgrade.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RelayLogger } from './logger';
import type { RelayMetrics } from './metrics';
import type { RelayStats } from './relay-api';
import { CHANNEL_NAME } from './upgrade';

/** What the HTTP handlers need from their relay. @internal */
export interface HttpContext {
  readonly isClosing: boolean;
  readonly log: RelayLogger;
  readonly metricsRegistry: RelayMetrics;
  stats(): RelayStats;
}

/** Answers one plain HTTP request. @internal */
export function serveHttp(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): void {
  const path = pathOf(req.url);
  if (req.method === 'GET' && path === '/healthz') {
    res.writeHead(ctx.isClosing ? 503 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: ctx.isClosing ? 'closing' : 'ok', ...ctx.stats() }));
  } else if (req.method === 'GET' && path === '/metrics') {
    const { registry } = ctx.metricsRegistry;
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(text);
      },
      (err: unknown) => {
        ctx.log.error({ err }, 'metrics failed');
        res.writeHead(500).end();
      },
    );
  } else {
    const channel = CHANNEL_NAME.test(path.slice(1));
    res.writeHead(channel ? 426 : 404, { 'content-type': 'text/plain' });
    res.end(channel ? 'WebSocket upgrade required\n' : 'not found\n');
  }
}

/** The request path without its query string (which may carry a token), for logs. @internal */
export function pathOf(url: string | undefined): string {
  const u = url ?? '/';
  const q = u.indexOf('?');
  return q === -1 ? u : u.slice(0, q);
}
