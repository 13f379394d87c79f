// `npm run build-storybook` must build the static Storybook without starting a relay or hanging.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'ds-stream-storybook-'));

describe('build-storybook', () => {
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('builds every story and docs page into a static site', () => {
    execFileSync('npm', ['run', 'build-storybook', '--', '--output-dir', out, '--quiet'], {
      cwd: root,
      stdio: 'pipe',
      timeout: 240_000,
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
    });
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as {
      entries: Record<string, { type: string; title: string }>;
    };
    const entries = Object.values(index.entries);
    const titles = new Set(entries.map((e) => e.title));
    for (const t of ['Components/StreamSource', 'Components/StreamReceiver', 'Components/StatsOverlay']) {
      expect(titles, t).toContain(t);
    }
    expect(entries.some((e) => e.type === 'docs')).toBe(true);
    expect(entries.filter((e) => e.type === 'story').length).toBeGreaterThan(5);
  }, 300_000);
});
