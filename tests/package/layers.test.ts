// The layer table of DESIGN.md is enforced by `npm run lint` (biome.json: noRestrictedImports per
// folder, noImportCycles with type-only imports counted). This runs Biome with the project's own
// configuration over probe files that import upward, so a config edit that silently stops
// enforcing a layer fails here. The probes live in a temporary copy of the layout, never in src/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const biome = join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');

/** [file, import specifier, allowed]: each probe file holds exactly one import. */
const PROBES: readonly [string, string, boolean][] = [
  ['src/protocol/up.ts', '../codec/index', false],
  ['src/protocol/ok.ts', './constants', true],
  ['src/codec/up.ts', '../transport/index', false],
  ['src/codec/pkg.ts', 'react', false],
  ['src/codec/ok.ts', '../protocol/errors', true],
  ['src/codec/deflate.ts', 'fflate', true],
  ['src/media/up.ts', '../receiver/index', false],
  ['src/media/ok.ts', '../codec/index', true],
  ['src/transport/up.ts', '../codec/delta', false],
  ['src/transport/ok.ts', '../protocol/index', true],
  ['src/quality/up.ts', '../source/index', false],
  ['src/source/up.ts', '../react/index', false],
  ['src/source/peer.ts', '../receiver/index', false],
  ['src/source/pkg.ts', 'react', false],
  ['src/source/ok.ts', 'zustand/vanilla', true],
  ['src/receiver/up.ts', '../source/index', false],
  ['src/receiver/pkg.ts', 'zustand', false],
  ['src/receiver/ok.ts', '../transport/index', true],
  ['src/react/deep.ts', '../receiver/receiver-engine', false],
  ['src/react/ok.ts', '../core', true],
  ['src/element/pkg.ts', 'react', false],
  ['src/element/deep.ts', '../receiver/receiver-engine', false],
  ['src/element/ok.ts', '../receiver/index', true],
  ['relay-dev/up.ts', '../src/codec/index', false],
  ['relay-dev/pkg.ts', 'react', false],
  ['relay-dev/ok.ts', '../src/protocol/index', true],
];

let dir = '';

function lint(file: string): { ok: boolean; output: string } {
  try {
    execFileSync(process.execPath, [biome, 'lint', '--max-diagnostics=50', file], {
      cwd: dir,
      stdio: 'pipe',
    });
    return { ok: true, output: '' };
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    return { ok: false, output: `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}` };
  }
}

describe('layer rules (DESIGN.md) are enforced by lint', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ds-layers-'));
    const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8')) as Record<string, unknown>;
    delete config.$schema;
    config.vcs = { enabled: false };
    writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
    for (const [file, spec] of PROBES) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), `import { x } from '${spec}';\n\nexport const y = x;\n`);
    }
    // A type-only cycle, as relay/routing had: counted even though it vanishes at run time.
    writeFileSync(join(dir, 'relay-dev/a.ts'), "import type { B } from './b';\n\nexport type A = B[];\n");
    writeFileSync(
      join(dir, 'relay-dev/b.ts'),
      "import type { A } from './a';\n\nexport type B = A | null;\n",
    );
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(PROBES)('%s importing %s: allowed %s', (file, _spec, allowed) => {
    const { ok, output } = lint(file);
    if (allowed) {
      expect(output).not.toContain('noRestrictedImports');
    } else {
      expect(ok).toBe(false);
      expect(output).toContain('noRestrictedImports');
      expect(output).toContain('layers (DESIGN.md)');
    }
  });

  it('refuses a type-only import cycle', () => {
    const { ok, output } = lint('relay-dev/a.ts');
    expect(ok).toBe(false);
    expect(output).toContain('noImportCycles');
  });
});
