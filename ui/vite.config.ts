import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Tests run in UTC unless told otherwise, so a date shown in the machine's zone
// instead of Asia/Ho_Chi_Minh makes the date tests fail.
process.env.TZ ||= 'UTC';

const testing = !!process.env.VITEST;
const devHost = process.env.TAURI_DEV_HOST;

export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  server: {
    port: 1420,
    strictPort: true,
    host: devHost || false,
    hmr: devHost ? { protocol: 'ws', host: devHost, port: 1421 } : undefined,
    watch: { ignored: ['**/src-tauri/**'] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK 2.4x (Debian 12 / Ubuntu 22.04+) is about Safari 15.
    target: 'safari15',
    cssTarget: 'safari15',
    // The bundle is read from disk inside the app, never over a network; the editor engine
    // alone is most of it.
    chunkSizeWarningLimit: 800,
    // Never turn fonts or images into data: URLs; the CSP only allows 'self'.
    assetsInlineLimit: 0,
  },
  resolve: testing ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
  },
});
