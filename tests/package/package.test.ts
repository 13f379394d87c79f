// The published package: tsup builds the three entry points (ESM + CJS + .d.ts), each loads in
// Node, the bin starts a relay that answers /healthz, and `npm pack` ships only what users need.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('package', () => {
  beforeAll(() => {
    execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'pipe' });
  }, 180_000);

  it.each(['index', 'core', 'relay', 'element'])('builds %s as ESM, CJS and types', (entry) => {
    for (const ext of ['.js', '.cjs', '.d.ts', '.d.cts']) {
      expect(existsSync(join(dist, entry + ext)), entry + ext).toBe(true);
    }
  });

  it('loads the ESM and CJS builds with their public names', async () => {
    const esmCore = (await import(pathToFileURL(join(dist, 'core.js')).href)) as Record<string, unknown>;
    const cjsCore = createRequire(import.meta.url)(join(dist, 'core.cjs')) as Record<string, unknown>;
    for (const mod of [esmCore, cjsCore]) {
      expect(typeof mod.decodeMessage).toBe('function');
      expect(typeof mod.createSourceEngine).toBe('function');
      expect(typeof mod.createReceiverEngine).toBe('function');
      expect(typeof mod.applyDelta).toBe('function');
    }
    const relay = (await import(pathToFileURL(join(dist, 'relay.js')).href)) as Record<string, unknown>;
    expect(typeof relay.createRelay).toBe('function');
    const react = createRequire(import.meta.url)(join(dist, 'index.cjs')) as Record<string, unknown>;
    expect(react.StreamSource).toBeDefined();
    expect(react.StreamReceiver).toBeDefined();
  });

  it('loads the element entry where there is no DOM (defining is then a no-op)', async () => {
    const element = (await import(pathToFileURL(join(dist, 'element.js')).href)) as Record<string, unknown>;
    expect(typeof element.StreamReceiverElement).toBe('function');
    expect((element.defineStreamReceiver as () => unknown)()).toBeNull();
    const cjs = createRequire(import.meta.url)(join(dist, 'element.cjs')) as Record<string, unknown>;
    expect(typeof cjs.defineStreamReceiver).toBe('function');
  });

  it('builds the plain <script> element as one self-contained file', () => {
    const js = readFileSync(join(dist, 'ds-stream-element.global.js'), 'utf8');
    expect(js).toContain('ds-stream-receiver');
    expect(js).toContain('DsStreamElement');
    // Nothing left to resolve: a <script> tag cannot import.
    expect(js).not.toMatch(/\bimport\s*[{*"']|require\(/);
  });

  describe('bin ds-stream-relay', () => {
    let child: ChildProcess | undefined;
    afterAll(() => {
      child?.kill('SIGTERM');
    });

    it('starts a relay that answers /healthz and stops on SIGTERM', async () => {
      child = spawn(process.execPath, [join(dist, 'relay-cli.js'), '--port', '0', '--host', '127.0.0.1'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child!.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /"url":"ws:\/\/([^"]+)"/.exec(out);
          if (m) resolve(`http://${m[1]}`);
        });
        child!.on('exit', (code) => reject(new Error(`relay exited with ${code}: ${out}`)));
      });
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child!.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      child = undefined;
    }, 30_000);
  });

  it('packs only dist, the README, the docs and the licence', () => {
    const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
    }).toString();
    const [info] = JSON.parse(out) as [{ files: { path: string }[] }];
    const paths = info.files.map((f) => f.path);
    for (const p of paths) {
      expect(p, p).toMatch(
        /^(dist\/|README\.md$|LICENSE$|package\.json$|docs\/(PROTOCOL|RELAY|ARCHITECTURE)\.md$)/,
      );
    }
    expect(paths).toContain('dist/relay-cli.js');
    expect(paths).toContain('dist/index.d.ts');
    expect(paths).toContain('dist/element.js');
    expect(paths).toContain('dist/ds-stream-element.global.js');
  });
});
