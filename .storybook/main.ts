// Storybook (React + Vite). The dev server also runs the ds-stream relay (see relay-plugin.ts),
// and the stories import the library from src/ through the package names.
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';
import { dsStreamRelay, RELAY_HOST, RELAY_PORT } from './relay-plugin.ts';
import { dsStreamShaper } from './shaper-plugin.ts';

const r = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

const relayUrl = () => process.env.STORYBOOK_DS_STREAM_RELAY_URL ?? `ws://${RELAY_HOST}:${RELAY_PORT}`;

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: {
    // react-docgen reads the components' TypeScript props (forwardRef included) for the props tables.
    reactDocgen: 'react-docgen',
  },
  env: (env) => ({ ...env, STORYBOOK_DS_STREAM_RELAY_URL: relayUrl() }),
  viteFinal: (vite) =>
    mergeConfig(vite, {
      plugins: [dsStreamRelay(), dsStreamShaper(relayUrl)],
      resolve: {
        alias: {
          '@ds-stream/react/core': r('src/core.ts'),
          '@ds-stream/react/relay': r('relay-dev/index.ts'),
          '@ds-stream/react': r('src/index.ts'),
        },
      },
    }),
};

export default config;
