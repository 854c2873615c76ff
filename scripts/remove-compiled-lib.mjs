// Removes jsii's compiled output from lib/ (the .js and .d.ts beside each source) before a tool
// runs the sources with tsx: tsx resolves a folder import ('../lib', './contract') to index.js
// before index.ts, so after a pull or an edit it would load stale output, including the output of
// sources since deleted. `npm run compile` (and so `npm pack`'s prepare) runs it first too, so the
// package never ships the output of a deleted source.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

for (const entry of readdirSync(join(root, 'lib'), { recursive: true, withFileTypes: true })) {
  if (entry.isFile() && /\.(js|d\.ts)$/.test(entry.name)) rmSync(join(entry.parentPath, entry.name));
}
