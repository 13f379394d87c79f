import { StatsOverlay, StreamReceiver, StreamSource } from '@ds-stream/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import { RELAY_URL, storyChannel } from '../relay-url';
import { SpinnerCanvas } from './SpinnerCanvas';

const PANEL: React.CSSProperties = { position: 'relative', display: 'inline-block', lineHeight: 0 };

const meta = {
  title: 'Components/StreamReceiver',
  component: StreamReceiver,
  args: { url: RELAY_URL, channel: 'docs-receiver', haptics: true, audio: true },
  argTypes: { url: { control: 'text' }, channel: { control: false } },
  render: function Render(args) {
    const [channel] = React.useState(() => storyChannel(args.channel));
    return (
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
        <StreamReceiver {...args} channel={channel} style={PANEL}>
          <StatsOverlay />
        </StreamReceiver>
        {/* The source it watches, small and to the side. */}
        <StreamSource url={args.url} channel={channel} mode="delta" style={{ ...PANEL, opacity: 0.6 }}>
          <SpinnerCanvas width={160} height={90} />
        </StreamSource>
      </div>
    );
  },
} satisfies Meta<typeof StreamReceiver>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A receiver with a stats overlay, watching a small source. */
export const Basic: Story = {};
/** A view-only receiver: no input goes back to the source. */
export const ViewOnly: Story = { args: { inputs: false } };
