import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const alias = {
  '@ds-stream/react/core': r('./src/core.ts'),
  '@ds-stream/react/relay': r('./relay-dev/index.ts'),
  '@ds-stream/react': r('./src/index.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
          setupFiles: ['tests/setup/byte-equality.ts'],
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'react',
          environment: 'jsdom',
          include: ['tests/**/*.test.tsx'],
          setupFiles: ['tests/setup/byte-equality.ts', 'tests/react/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.spec.ts'],
          // Finds (or unpacks) Chromium once and prints which one runs.
          globalSetup: ['tests/e2e/helpers/global-setup.ts'],
          setupFiles: ['tests/setup/byte-equality.ts'],
          // Above the tests' own functional deadlines, so a slow step fails with its own message.
          testTimeout: 240_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
