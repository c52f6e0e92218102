// The real window (debug build) under Xvfb through tauri-driver + WebKitWebDriver.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDriver, freshDataDir, openWindow, saveScreenshot } from './harness.mjs';
import { sleep } from './webdriver.mjs';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

const NAV = ['Bài viết', 'Album ảnh', 'Duyệt bài', 'Tìm kiếm', 'Đồng bộ', 'Cài đặt'];
const SAMPLE_TITLE =
  'Ban Dân vận tổ chức tổng kết công tác dân vận năm 2019 và đánh giá kết quả thực hiện năm dân vận chính quyền năm 2019, triển khai nhiệm vụ năm 2020';

test('a newcomer sees the Vietnamese navigation and the sample report, in UTF-8', async () => {
  const s = await openWindow(driver, freshDataDir());
  try {
    await s.find('//nav//button');
    const labels = [];
    for (const b of await s.findAll('//nav//button')) labels.push((await b.text()).trim());
    assert.deepEqual(labels, NAV);
    assert.equal(await s.exec('return document.characterSet'), 'UTF-8');
    assert.equal(await s.exec('return document.documentElement.lang'), 'vi');

    const sample = await s.find(`//ul//button[.//*[normalize-space()="${SAMPLE_TITLE}"]]`);
    const row = await sample.text();
    assert.match(row, /Bài mẫu/);
    assert.match(row, /Ngày đăng 16\/01\/2020 \| 11:19/);
    await s.find('//button[normalize-space()="Viết bài mới"]');

    // The bundled font, not a fallback, draws the Vietnamese letters.
    const fontReady = await s.execAsync(
      'const done = arguments[arguments.length - 1]; document.fonts.load("16px \\"Noto Sans Variable\\"", "Tòa Soạn ạẫệ").then(f => done(f.length > 0), () => done(false));',
    );
    assert.equal(fontReady, true, 'Noto Sans with Vietnamese glyphs is bundled and loads');
    await saveScreenshot(s, 'first-start');
  } finally {
    await s.end();
  }
});

test('a post written in the window is there after quitting and starting again', async () => {
  const dir = freshDataDir();
  const title = 'Hội nghị giao ban công tác dân vận quý I năm 2026';
  const body = 'Sáng ngày 20/3/2026, Ban Dân vận Quận ủy tổ chức hội nghị giao ban.';
  let s = await openWindow(driver, dir);
  try {
    await (await s.find('//button[normalize-space()="Viết bài mới"]')).click();
    const titleInput = await s.find('//textarea[@id=//label[normalize-space()="Tiêu đề"]/@for]');
    await titleInput.type(title);
    // WebKitWebDriver may return before every key has reached the page.
    await s.until('the title typed', async () => (await titleInput.prop('value')) === title);
    const editor = await s.find('//*[@role="textbox" and @aria-label="Nội dung bài viết"]');
    await editor.click();
    await editor.type(body);
    await s.until('the body typed', async () => (await editor.text()).trim() === body);
    const status = await s.find('//*[@role="status"]');
    await s.until('the autosave', async () => /^Đã lưu lúc \d\d:\d\d$/.test((await status.text()).trim()));
    await saveScreenshot(s, 'editor-saved');
  } finally {
    await s.end();
  }

  s = await openWindow(driver, dir);
  try {
    const row = await s.find(`//ul//button[.//*[normalize-space()="${title}"]]`);
    await row.click();
    const titleInput = await s.find('//textarea[@id=//label[normalize-space()="Tiêu đề"]/@for]');
    assert.equal(await titleInput.prop('value'), title);
    const editor = await s.find('//*[@role="textbox" and @aria-label="Nội dung bài viết"]');
    assert.equal((await editor.text()).trim(), body);
  } finally {
    await s.end();
  }
});

test('the language switch turns the window English and it stays so', async () => {
  const dir = freshDataDir();
  let s = await openWindow(driver, dir);
  try {
    await (await s.find('//nav//button[normalize-space()="Cài đặt"]')).click();
    const select = await s.find('//select');
    await s.exec('const el = arguments[0]; el.value = "en"; el.dispatchEvent(new Event("change", {bubbles: true}));', [
      select.ref(),
    ]);
    await s.find('//nav//button[normalize-space()="Settings"]');
  } finally {
    await s.end();
  }
  s = await openWindow(driver, dir);
  try {
    await s.find('//nav//button[normalize-space()="Posts"]');
  } finally {
    await s.end();
  }
});

test('the webview may call only this app\'s commands', async () => {
  const s = await openWindow(driver, freshDataDir());
  try {
    const call = (cmd, args) =>
      s.execAsync(
        'const [cmd, args, done] = arguments; window.__TAURI_INTERNALS__.invoke(cmd, args).then(v => done({ok: true, v}), e => done({ok: false, e: String(e)}));',
        [cmd, args],
      );
    const own = await call('post_page', { shelf: 'active', after: null, limit: 0 });
    assert.equal(own.ok, true, JSON.stringify(own));
    for (const [cmd, args] of [
      ['plugin:dialog|open', { options: {} }],
      ['plugin:window|close', { label: 'main' }],
      ['plugin:webview|create_webview', {}],
    ]) {
      const r = await call(cmd, args);
      assert.equal(r.ok, false, `${cmd} must be refused`);
      assert.match(r.e, /not allowed|denied|not found/i, `${cmd}: ${r.e}`);
    }
    await sleep(100);
  } finally {
    await s.end();
  }
});

test('the sample can be moved to the bin and restored from it', async () => {
  const s = await openWindow(driver, freshDataDir());
  try {
    await (await s.find(`//ul//button[.//*[normalize-space()="${SAMPLE_TITLE}"]]`)).click();
    await (await s.find('//button[normalize-space()="Chuyển vào thùng rác"]')).click();
    await s.find('//*[@role="status" and contains(., "vào thùng rác")]');
    assert.equal((await s.findAll(`//ul//button[.//*[normalize-space()="${SAMPLE_TITLE}"]]`)).length, 0);

    await (await s.find('//button[normalize-space()="Thùng rác"]')).click();
    await s.find(`//li[.//*[normalize-space()="${SAMPLE_TITLE}"]]`);
    await (await s.find('//button[normalize-space()="Khôi phục"]')).click();
    await s.until('the bin to empty', async () => (await s.findAll('//button[normalize-space()="Khôi phục"]')).length === 0);
    await (await s.find('//nav//button[normalize-space()="Bài viết"]')).click();
    await s.find(`//ul//button[.//*[normalize-space()="${SAMPLE_TITLE}"]]`);
  } finally {
    await s.end();
  }
});

test('a store file that is not SQLite gets a clear message and is left as it was', async () => {
  const dir = freshDataDir();
  const db = join(dir, 'toasoan.db');
  const content = 'Biên bản họp chi bộ — đây là văn bản, không phải cơ sở dữ liệu.\n'.repeat(50);
  writeFileSync(db, content);
  const s = await openWindow(driver, dir);
  try {
    const alert = await s.find('//*[@role="alert" and .//h1[normalize-space()="Không mở được kho dữ liệu"]]');
    const text = await alert.text();
    assert.match(text, /không phải kho dữ liệu của Tòa Soạn/);
    assert.match(text, /Tệp được giữ nguyên, không bị sửa/);
    assert.equal((await s.findAll('//nav')).length, 0, 'no work areas over a store that did not open');
    await saveScreenshot(s, 'store-not-sqlite');
  } finally {
    await s.end();
  }
  assert.equal(readFileSync(db, 'utf8'), content);
});

test('the content security policy blocks remote content and inline script', async () => {
  const s = await openWindow(driver, freshDataDir());
  try {
    const violations = await s.execAsync(`
      const done = arguments[arguments.length - 1];
      const seen = [];
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective + ' ' + e.blockedURI));
      const img = document.createElement('img');
      img.src = 'https://example.com/tracker.png';
      document.body.appendChild(img);
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.appendChild(script);
      setTimeout(() => done({ seen, inlineRan: window.__inlineRan === true }), 500);
    `);
    assert.equal(violations.inlineRan, false, 'inline script must not run');
    assert.ok(violations.seen.some((v) => v.startsWith('img-src') && v.includes('example.com')), JSON.stringify(violations));
  } finally {
    await s.end();
  }
});

test('killing the app while typing loses at most the last two seconds', async () => {
  const dir = freshDataDir();
  const words = 'Chiều ngày 15/01/2020, Ban Dân vận Quận ủy đã tổ chức tổng kết công tác dân vận năm 2019.';
  let s = await openWindow(driver, dir);
  try {
    await (await s.find('//button[normalize-space()="Viết bài mới"]')).click();
    const title = await s.find('//textarea[@id=//label[normalize-space()="Tiêu đề"]/@for]');
    await title.type('Tin hội nghị dân vận');
    const editor = await s.find('//*[@role="textbox" and @aria-label="Nội dung bài viết"]');
    await editor.click();
    await editor.type(words);
    await s.until('the body typed', async () => (await editor.text()).includes('năm 2019.'));
    // No waiting for "saved": two seconds after the last keystroke the text must be in SQLite.
    await sleep(2000);
    execFileSync('pkill', ['-KILL', '-f', `toa-soan --data-dir ${dir}`]);
  } finally {
    await s.end();
  }
  s = await openWindow(driver, dir);
  try {
    await (await s.find('//ul//button[.//*[normalize-space()="Tin hội nghị dân vận"]]')).click();
    const editor = await s.find('//*[@role="textbox" and @aria-label="Nội dung bài viết"]');
    assert.equal((await editor.text()).trim(), words);
  } finally {
    await s.end();
  }
});
