// Renders the Demo/Devices stories' components (MIDI keyboard, simulated BCI device) against the
// test relay. Query: relay, channel, story (midi | bci).
import { createRoot } from 'react-dom/client';
import { BciDemo } from '../../../stories/devices/BciDemo';
import { MidiDemo } from '../../../stories/devices/MidiDemo';
import { param } from './probe';

const url = param('relay', 'ws://127.0.0.1:9100');
const channel = param('channel', 'devices');
createRoot(document.getElementById('root')!).render(
  param('story', 'midi') === 'bci' ? (
    <BciDemo url={url} channel={channel} />
  ) : (
    <MidiDemo url={url} channel={channel} />
  ),
);
Object.assign(window, { e2e: {} });
