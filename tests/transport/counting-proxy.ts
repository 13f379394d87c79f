// A TCP proxy in front of a real server: counts every connection (= every WebSocket upgrade a client
// attempts) and can cut all live ones, as a dropped network would. Not a mock: bytes pass through.
import net from 'node:net';

export interface CountingProxy {
  /** ws:// origin of the proxy (no path). */
  url: string;
  /** TCP connections accepted so far. */
  opened(): number;
  /** Destroys every live connection (both sides), without a close handshake. */
  cut(): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1:0 to `port` on 127.0.0.1. */
export async function startCountingProxy(port: number): Promise<CountingProxy> {
  let opened = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    opened++;
    const upstream = net.connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
      s.on('error', () => {});
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as net.AddressInfo;
  const cut = (): void => {
    for (const s of sockets) s.destroy();
  };
  return {
    url: `ws://127.0.0.1:${own}`,
    opened: () => opened,
    cut,
    close: () =>
      new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}
