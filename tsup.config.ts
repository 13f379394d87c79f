import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      core: 'src/core.ts',
      relay: 'relay-dev/index.ts',
      neural: 'src/neural/index.ts',
      element: 'src/element/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    external: [
      'react',
      'react-dom',
      'zustand',
      'ws',
      'pino',
      'prom-client',
      'fflate',
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-backend-wasm',
    ],
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
  {
    // The plain <script> build of <ds-stream-receiver>: one minified file, dependencies inside.
    entry: { 'ds-stream-element': 'src/element/global.ts' },
    format: ['iife'],
    globalName: 'DsStreamElement',
    minify: true,
    // A CDN script: no 400 kB map in the package.
    sourcemap: false,
    target: 'es2022',
    platform: 'browser',
    noExternal: [/.*/],
  },
]);
