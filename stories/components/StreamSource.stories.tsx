import { StatsOverlay, StreamReceiver, StreamSource } from '@ds-stream/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import { RELAY_URL, storyChannel } from '../relay-url';
import { SpinnerCanvas } from './SpinnerCanvas';

const ROW: React.CSSProperties = { display: 'flex', gap: 16, flexWrap: 'wrap' };
const PANEL: React.CSSProperties = { position: 'relative', display: 'inline-block', lineHeight: 0 };

const meta = {
  title: 'Components/StreamSource',
  component: StreamSource,
  args: { url: RELAY_URL, channel: 'docs-source', mode: 'delta', fps: 30 },
  argTypes: {
    mode: { control: 'inline-radio', options: ['pixel', 'delta', 'compressed', 'signal', 'neural'] },
    url: { control: 'text' },
    channel: { control: false },
  },
  render: function Render(args) {
    // One channel per mounted story, so the examples on the docs page do not mix.
    const [channel] = React.useState(() => storyChannel(args.channel));
    return (
      <div style={ROW}>
        <StreamSource {...args} channel={channel} style={PANEL}>
          <SpinnerCanvas />
          <StatsOverlay />
        </StreamSource>
        <StreamReceiver url={args.url} channel={channel} style={PANEL}>
          <StatsOverlay />
        </StreamReceiver>
      </div>
    );
  },
} satisfies Meta<typeof StreamSource>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A child `<canvas>` streamed in delta mode (left), watched by a receiver (right). */
export const Basic: Story = {};
/** The same canvas as raw pixel frames. */
export const PixelMode: Story = { args: { mode: 'pixel' } };
/** A lower capture rate: 10 frames per second. */
export const LowFps: Story = { args: { fps: 10 } };
