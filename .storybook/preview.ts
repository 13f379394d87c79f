import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    backgrounds: { options: { dark: { name: 'dark', value: '#020617' } } },
  },
  initialGlobals: { backgrounds: { value: 'dark' } },
};

export default preview;
