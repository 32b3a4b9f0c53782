/**
 * Prints wall times of the synth commands (median of several runs). A benchmark, not a test:
 * it asserts nothing, so a slow machine never turns CI red.
 *
 *   npm run bench [-- --runs 7]
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
const root = path.join(__dirname, '..');
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };

const commands: [string, string, string[]][] = [
  ['npm run synth', 'npm', ['run', '--silent', 'synth']],
  ['cdk8s synth (local CLI)', path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth']],
];

for (const [label, command, args] of commands) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: root, env, stdio: 'ignore' });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${label} failed with exit code ${result.status}`);
    times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(26)} runs=${runs}  median=${median.toFixed(0)} ms  min=${times[0].toFixed(0)} ms  max=${times[times.length - 1].toFixed(0)} ms`);
}
