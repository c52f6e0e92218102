// The first screen's data, put in the page by the shell before it loaded (see
// src-tauri/state.rs `boot_script`), so the post list's first page shows without an IPC round trip.
// Each part is taken once: later screens ask the core as usual.
import type { Boot, PostPage, Settings } from './ipc/types';

declare global {
  interface Window {
    __TOASOAN_BOOT__?: Boot | null;
  }
}

let boot: Boot | null = typeof window === 'undefined' ? null : (window.__TOASOAN_BOOT__ ?? null);

export function takeBootSettings(): Settings | null {
  const settings = boot?.settings ?? null;
  if (boot) boot = { ...boot, settings: null as unknown as Settings };
  return settings;
}

/** The post list's first page (with the cursor of the next and the total). */
export function takeBootPosts(): PostPage | null {
  const posts = boot?.posts ?? null;
  if (boot) boot = { ...boot, posts: null as unknown as PostPage };
  return posts;
}

/** For tests: what the next start finds in the page. */
export function setBootForTests(value: Boot | null): void {
  boot = value;
}
