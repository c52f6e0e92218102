import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  preprocess: vitePreprocess(),
  // CSS is extracted into a file by Vite (no <style> tags injected at run time).
  compilerOptions: { css: 'external' },
};
