import type { WebSocket } from 'ws';

const probes: WeakMap<WebSocket, Promise<boolean>> = new WeakMap();

/**
 * Asks whether a socket is still alive: sends a WebSocket ping and resolves true on the first
 * pong or message within `ms`, false otherwise (a half-open socket never answers). Concurrent
 * probes of one socket share one ping.
 * @internal
 */
export function probeAlive(ws: WebSocket, ms: number): Promise<boolean> {
  const running = probes.get(ws);
  if (running) return running;
  const probe = new Promise<boolean>((resolve) => {
    if (ws.readyState !== ws.OPEN) {
      resolve(false);
      return;
    }
    const done = (alive: boolean): void => {
      clearTimeout(timer);
      ws.off('pong', answered);
      ws.off('message', answered);
      ws.off('close', gone);
      probes.delete(ws);
      resolve(alive);
    };
    const answered = (): void => done(true);
    const gone = (): void => done(false);
    const timer = setTimeout(gone, ms);
    ws.on('pong', answered);
    ws.on('message', answered);
    ws.on('close', gone);
    ws.ping();
  });
  probes.set(ws, probe);
  return probe;
}

/** Resolves once `ws` has emitted 'close' (at once if it already has). @internal */
export function whenClosed(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => ws.once('close', () => resolve()));
}
