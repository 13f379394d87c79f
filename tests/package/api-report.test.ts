// The public surface, entry by entry, is written down in docs/API-REPORT.md: a change shows as a diff.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectApi, REPORT_PATH, renderReport } from '../../scripts/api-report';

const api = collectApi();

describe('API report', () => {
  it('matches docs/API-REPORT.md (after a change of surface: npm run api:report, and review the diff)', () => {
    expect(readFileSync(REPORT_PATH, 'utf8')).toBe(renderReport(api));
  });

  it('exports nothing tagged @internal from any entry, and gives every export a release tag', () => {
    const internal = Object.entries(api).flatMap(([entry, names]) =>
      names
        .filter((n) => n.tag === 'internal' || n.tag === 'none')
        .map((n) => `${entry}: ${n.name} (${n.tag})`),
    );
    expect(internal).toEqual([]);
  });

  it('keeps the React entry to components, hooks and the types they use, plus a few core values', () => {
    // A core value re-exported by the React entry is a second way to import it: each is a choice.
    const values = api['@ds-stream/react']!.filter((n) => !['type', 'interface'].includes(n.kind)).map(
      (n) => n.name,
    );
    const react = values.filter((n) => /^(use[A-Z]|Stream[A-Z]|StatsOverlay$)/.test(n));
    expect(values.filter((n) => !react.includes(n)).sort()).toEqual([
      'Modifier',
      'QualityController',
      'createQualityController',
      'isAppInput',
    ]);
  });
});
