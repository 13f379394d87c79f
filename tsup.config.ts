import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      core: 'src/core.ts',
      relay: 'relay-dev/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    external: ['react', 'react-dom', 'zustand', 'ws', 'pino', 'prom-client', 'fflate'],
  },
  {
    entry: { 'relay-cli': 'relay-dev/cli.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    external: ['ws', 'pino', 'prom-client'],
  },
]);
