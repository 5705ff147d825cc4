// Fails fast, with the command to run, when the generated Wails bindings are
// missing: without them tsc reports dozens of unresolved "wails/..." imports
// that do not say what is actually wrong.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const required = ['wailsjs/runtime/runtime.js', 'wailsjs/go'];
const missing = required.filter((f) => !existsSync(join(root, f)));

if (missing.length > 0) {
  console.error(`frontend/wailsjs is missing or incomplete (${missing.join(', ')} not found).
These bindings are generated from the Go code. From the repository root run:

  go build -C tools -o ../bin/wails github.com/wailsapp/wails/v2/cmd/wails   # once, if bin/wails is missing
  bin/wails generate module

then run this command again.`);
  process.exit(1);
}
