/// <reference types="vitest/config" />
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Several people build and serve frontend/dist at the same time (the e2e
// binary reads it from disk on every request, `go build` embeds it). Vite
// empties its outDir first and writes for a second or two, so readers could
// see no index.html. Build into a staging folder instead and swap it in with
// two renames. The swap also restores dist/.gitkeep: main.go embeds
// frontend/dist, and `go vet`/`go test` fail on a missing or empty folder.
function atomicDist(): Plugin {
  const finalDir = here('./dist');
  const stagingDir = here(`./.dist-staging-${process.pid}`);
  return {
    name: 'tandem:atomic-dist',
    apply: 'build',
    config() {
      return { build: { outDir: stagingDir, emptyOutDir: true } };
    },
    // writeBundle runs only after a successful build, so a failed one leaves dist/ alone.
    writeBundle() {
      writeFileSync(join(stagingDir, '.gitkeep'), '');
      const oldDir = here(`./.dist-old-${process.pid}`);
      if (existsSync(finalDir)) renameSync(finalDir, oldDir);
      renameSync(stagingDir, finalDir);
      rmSync(oldDir, { recursive: true, force: true });
    },
    // After a failed build, nothing was swapped: drop the half-written staging folder.
    closeBundle() {
      rmSync(stagingDir, { recursive: true, force: true });
    },
  };
}

// In tests, "wails/..." never reaches the generated bindings (they call into
// the Go side through window.go, and wailsjs/ may not exist on a fresh clone):
// - wails/runtime/runtime resolves to an in-memory event bus (src/test/wailsjs-stub);
// - wails/go/<pkg>/<Service> resolves to a stub file if one exists there, else to a
//   module that throws "not mocked", so a test must vi.mock() every service it touches.
function wailsTestBindings(): Plugin {
  const stubDir = here('./src/test/wailsjs-stub');
  const virtualPrefix = '\0wails-unmocked:';
  return {
    name: 'tandem:wails-test-bindings',
    enforce: 'pre',
    resolveId(source) {
      if (!source.startsWith('wails/')) return null;
      const rest = source.slice('wails/'.length);
      for (const ext of ['.ts', '.tsx', '/index.ts']) {
        const file = `${stubDir}/${rest}${ext}`;
        if (existsSync(file)) return file;
      }
      return virtualPrefix + source;
    },
    load(id) {
      if (!id.startsWith(virtualPrefix)) return null;
      const source = id.slice(virtualPrefix.length);
      const hint = `Add vi.mock('${source}', () => ({ ... })) to the test.`;
      return `throw new Error(${JSON.stringify(`The Wails binding ${source} is not mocked. ${hint}`)});`;
    },
  };
}

export default defineConfig(({ mode }) => ({
  plugins: [react(), atomicDist(), ...(mode === 'test' ? [wailsTestBindings()] : [])],
  resolve: {
    alias: {
      '@': here('./src'),
      ...(mode === 'test' ? {} : { wails: here('./wailsjs') }),
    },
  },
  build: {
    // A desktop app loads from local disk: one vendor chunk is fine.
    chunkSizeWarningLimit: 2500,
  },
  server: {
    host: '127.0.0.1',
    strictPort: false,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // Generous: other suites may share the machine. Tests never sleep, so this only bounds hangs.
    testTimeout: 30_000,
    // Lets contract tests read the Go sources they mirror (app/errors.go, app/events.go).
    env: { TANDEM_REPO_ROOT: here('..') },
  },
}));
