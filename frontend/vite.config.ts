/// <reference types="vitest/config" />
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Vite empties dist/ on every build, but main.go embeds frontend/dist and
// `go vet`/`go test` fail on an empty folder: put the committed marker back.
function keepDistMarker(): Plugin {
  return {
    name: 'tandem:keep-dist-marker',
    apply: 'build',
    closeBundle() {
      writeFileSync(here('./dist/.gitkeep'), '');
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
  plugins: [react(), keepDistMarker(), ...(mode === 'test' ? [wailsTestBindings()] : [])],
  resolve: {
    alias: {
      '@': here('./src'),
      ...(mode === 'test' ? {} : { wails: here('./wailsjs') }),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
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
    // Lets contract tests read the Go sources they mirror (app/errors.go, app/events.go).
    env: { TANDEM_REPO_ROOT: here('..') },
  },
}));
