import { StatsOverlay, StreamReceiver, StreamSource } from '@ds-stream/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import { RELAY_URL, storyChannel } from '../relay-url';
import { SpinnerCanvas } from './SpinnerCanvas';

const PANEL: React.CSSProperties = { position: 'relative', display: 'inline-block', lineHeight: 0 };

const meta = {
  title: 'Components/StatsOverlay',
  component: StatsOverlay,
  render: function Render(args) {
    const [channel] = React.useState(() => storyChannel('docs-stats'));
    return (
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
        <StreamSource url={RELAY_URL} channel={channel} mode="delta" style={PANEL}>
          <SpinnerCanvas />
          <StatsOverlay {...args} />
        </StreamSource>
        <StreamReceiver url={RELAY_URL} channel={channel} style={PANEL}>
          <StatsOverlay {...args} />
        </StreamReceiver>
      </div>
    );
  },
} satisfies Meta<typeof StatsOverlay>;

export default meta;
type Story = StoryObj<typeof meta>;

/** On a source (left: sent bandwidth and quality level) and on a receiver (right: received). */
export const Basic: Story = {};
/** Restyled through `style`: the overlay is a plain `<div>` with `data-ds-stat` spans. */
export const Styled: Story = {
  args: { style: { top: 'auto', bottom: 4, left: 'auto', right: 4, color: '#fbbf24' } },
};
