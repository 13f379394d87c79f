// Vitest global setup of the e2e project: finds (and, for the bundled fallback, unpacks) Chromium
// once before any spec runs, and says which browser this run uses.
import { describeChromium, findChromium } from './find-chromium';

export default async function setup(): Promise<void> {
  const build = await findChromium();
  console.log(`e2e browser: ${describeChromium(build)}`);
}
