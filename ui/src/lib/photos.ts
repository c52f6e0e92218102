// Addresses of the photos the shell serves through its `photo://` protocol.

type Internals = { convertFileSrc?: (path: string, protocol: string) => string };

/** `photo://localhost/` where the webview takes custom schemes (Linux, macOS);
 * `http://photo.localhost/` on Windows, where WebView2 only reaches them that way. */
function base(): string {
  const internals = (globalThis as { __TAURI_INTERNALS__?: Internals }).__TAURI_INTERNALS__;
  try {
    const root = internals?.convertFileSrc?.('', 'photo');
    if (root) return root.endsWith('/') ? root : `${root}/`;
  } catch {
    // Not inside the app (tests, a plain browser): the usual form.
  }
  return 'photo://localhost/';
}

/** The photo's smallest rendition at least `edge` pixels on its long side. `version` changes
 * when the renditions are made again, so the window never shows a stale copy. */
export function photoUrl(id: number, edge: number, version: number): string {
  return `${base()}${id}/${edge}?v=${version}`;
}
