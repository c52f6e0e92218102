// Autosave through IPC: the real window (TOASOAN_APP, default the release build) saves a
// 10,000-word post with `post_edit` from its webview, timed there with performance.now().
// Prints p50 and p99. Run: scripts/bench (after the startup benchmark) or
// TOASOAN_APP=target/release/toa-soan node bench/autosave-ipc.mjs

import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.env.TOASOAN_APP ??= join(root, 'target/release/toa-soan');
const { startDriver, freshDataDir, openWindow } = await import('../tests/e2e/harness.mjs');

const driver = await startDriver();
const s = await openWindow(driver, freshDataDir());
try {
  const result = await s.execAsync(`
    const done = arguments[arguments.length - 1];
    const invoke = window.__TAURI_INTERNALS__.invoke;
    (async () => {
      const post = await invoke('post_create', { new: { title: 'Tin dài', body_html: '', category: '' } });
      const sentence = 'Ban Dân vận Quận ủy đã chủ động xây dựng chương trình công tác năm, triển khai và tổ chức thực hiện đạt kết quả tốt. ';
      const paragraph = '<p>' + sentence.repeat(6) + '</p>';
      const body = paragraph.repeat(Math.ceil(10000 / (sentence.split(' ').length * 6)));
      const edit = { id: post.id, title: 'Tin dài', sapo: '', body_html: body, category: '', tags: [], signature: '', published_at: null, slug: '' };
      const times = [];
      for (let i = 0; i < 100; i++) {
        const t = performance.now();
        await invoke('post_edit', { edit: { ...edit, body_html: body.replace('Ban', 'Ban' + i) } });
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      done({ words: body.replace(/<[^>]*>/g, ' ').split(/\\s+/).filter(Boolean).length, p50: times[50], p99: times[98] });
    })().catch((e) => done({ error: String(e) }));
  `);
  if (result.error) throw new Error(result.error);
  console.log(`autosave through IPC (webview → core → SQLite), ${result.words} words, 100 saves`);
  console.log(`  p50 ${result.p50.toFixed(2)} ms   p99 ${result.p99.toFixed(2)} ms`);
} finally {
  await s.end();
  await driver.stop();
}
