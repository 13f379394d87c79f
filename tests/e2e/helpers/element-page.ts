// The element e2e page: no Vite, no React. The plain <script> build of <ds-stream-receiver>
// (src/element/global.ts bundled as an IIFE with the options of tsup.config.ts) and an in-page
// probe, served with a static HTML page by a bare node:http server on 127.0.0.1.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const r = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

/** The element page server. @internal */
export interface ElementPageServer {
  /** URL of the page with one `<ds-stream-receiver id="rx">` carrying `attributes`. */
  page(attributes: Record<string, string>): string;
  /** Size of the served element script, in bytes. */
  scriptBytes: number;
  close(): Promise<void>;
}

async function bundle(entry: string, globalName?: string): Promise<string> {
  const out = await build({
    entryPoints: [r(entry)],
    bundle: true,
    format: 'iife',
    ...(globalName ? { globalName } : {}),
    minify: true,
    target: 'es2022',
    platform: 'browser',
    write: false,
  });
  return out.outputFiles[0]!.text;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Bundles the element and the probe, then serves them. @internal */
export async function startElementPageServer(): Promise<ElementPageServer> {
  const [element, probe] = await Promise.all([
    bundle('src/element/global.ts', 'DsStreamElement'),
    bundle('tests/e2e/element-pages/element-probe.ts'),
  ]);
  const scripts: Record<string, string> = { '/element.js': element, '/probe.js': probe };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const script = scripts[url.pathname];
    if (script !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    if (url.pathname !== '/element.html') {
      res.writeHead(404).end();
      return;
    }
    const attrs = [...url.searchParams].map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">` +
          `<title>e2e element</title></head><body style="margin:0">` +
          `<ds-stream-receiver id="rx"${attrs}></ds-stream-receiver>` +
          `<script src="/probe.js"></script><script src="/element.js"></script></body></html>`,
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    page: (attributes) => `http://127.0.0.1:${port}/element.html?${new URLSearchParams(attributes)}`,
    scriptBytes: element.length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
