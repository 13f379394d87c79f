// The springs demo alone, no streaming: a reference for what the source paints.
import { createSpringsApp } from '../../../stories/springs/springs-app';

const params = new URLSearchParams(location.search);
const canvas = document.getElementById('canvas') as HTMLCanvasElement;
const app = createSpringsApp({ canvas, autopilot: params.get('autopilot') !== '0' });
Object.assign(window, { springs: app });
