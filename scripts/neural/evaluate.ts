// `npm run eval:neural [count]`: the held-out figures of both models, printed and written to
// bench/results/neural.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateNeural, table } from './evaluate-lib';

const count = Number(process.argv[2] ?? 200);
const { rows, facts } = await evaluateNeural(count);
const text = `# neural (held-out test set, ${count} states, Node, tfjs wasm)\n\n${table(rows)}\n\n\`\`\`json\n${JSON.stringify(facts, null, 2)}\n\`\`\`\n`;
writeFileSync(join(import.meta.dirname, '../../bench/results/neural.md'), text);
console.log(text);
