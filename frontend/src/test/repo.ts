import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Reads a file of the repository (vite.config.ts passes the root in), for contract tests against the Go side. */
export function readRepoFile(relativePath: string): string {
  const root = process.env.TANDEM_REPO_ROOT;
  if (!root) throw new Error('TANDEM_REPO_ROOT is not set: run the tests through vitest with frontend/vite.config.ts');
  return readFileSync(join(root, relativePath), 'utf8');
}
