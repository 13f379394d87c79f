// Renders the Demo/Voice story (its args, the same component Storybook shows) against the test
// relay, and records every intent with the time it arrived. Query: relay, channel, codec.

import type { VoiceIntent } from '@ds-stream/react';
import { createRoot } from 'react-dom/client';
import meta, { VoiceCommands } from '../../../stories/Voice.stories';
import { VoiceDemo } from '../../../stories/voice/VoiceDemo';
import { param } from './probe';

const intents: (VoiceIntent & { at: number })[] = [];

createRoot(document.getElementById('root')!).render(
  <VoiceDemo
    {...meta.args}
    {...VoiceCommands.args}
    codec={param('codec', 'auto') as 'auto' | 'opus' | 'pcm'}
    url={param('relay', 'ws://127.0.0.1:9100')}
    channel={param('channel', 'voice')}
    onIntent={(i) => intents.push({ ...i, at: performance.now() })}
  />,
);

Object.assign(window, { e2e: { intents: () => intents } });
