/**
 * Vite build of the live dashboard: `npm run build:dashboard` writes dist/dashboard, which `cascade serve` serves at
 * `/`. Everything is bundled (no CDN), with relative asset paths so the page also works under `/dashboard/`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npx vite --config dashboard/vite.config.ts` during development: the API is proxied to a running server.
    proxy: { '/v1': process.env.CASCADE_URL ?? 'http://127.0.0.1:8080' },
  },
});
