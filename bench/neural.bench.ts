// The neural models on held-out springs states, in Node on tfjs's wasm backend: Model A
// (generator) and Model B (latent codec) against the true render, and WebP at the latent's bytes
// per frame as the baseline in the same run (ratios printed). `npm run bench neural`.
import { evaluateNeural, table } from '../scripts/neural/evaluate-lib';

const count = Number(process.env.NEURAL_BENCH_FRAMES ?? 40);
const { rows, facts } = await evaluateNeural(count);
console.log(table(rows));
const latent = rows.find((r) => r.name.startsWith('B:'))!;
for (const r of rows.filter((x) => x.name.startsWith('WebP'))) {
  console.log(
    `latent vs ${r.name}: ${(latent.psnr - r.psnr).toFixed(2)} dB, bytes ratio ${(latent.bytesPerFrame / r.bytesPerFrame).toFixed(2)}`,
  );
}
console.log(JSON.stringify(facts));
