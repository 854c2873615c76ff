// Runs a jsii tool (jsii, jsii-rosetta, jsii-docgen) with its Node.js 20 end-of-life notice
// silenced: the notice fills a screen on every install and build, while docs/contributing.md states which
// Node.js versions are supported (20 works; 22 or 24 recommended). Other notices stay.
import { spawnSync } from 'node:child_process';

const [tool, ...args] = process.argv.slice(2);
const variable = 'JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION';
const silenced = [process.env[variable], '20'].filter(Boolean).join(',');
const { status, error } = spawnSync(tool, args, {
  stdio: 'inherit',
  env: { ...process.env, [variable]: silenced },
  // npm's .bin holds .cmd shims on Windows, which only a shell runs.
  shell: process.platform === 'win32',
});
if (error) throw error;
process.exit(status ?? 1);
