// Search in the real window (issue 7): the office's query typed every way (no diacritics,
// capitals, NFD from an old keyboard, the other tone placement) finds the sample report with its
// words marked; the portal's archive pulled from the real test WordPress, found, read, and used
// as the start of a new post. Runs under tests/portal/with-keyring.sh (the portal login).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDriver, freshDataDir, openWindow, saveScreenshot } from './harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.TOASOAN_CLI ?? join(root, 'target/debug/toasoan');
const run = (dir, args, input) =>
  execFileSync(cli, ['--data-dir', dir, ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, TOASOAN_AS: '', TOASOAN_PASSWORD: '' },
  });

const SAMPLE = 'Ban Dân vận tổ chức tổng kết công tác dân vận năm 2019';
const BOX = '//input[@aria-label="Từ cần tìm"]';
const RESULTS = '//ol[@aria-label="Kết quả tìm kiếm"]';

let driver;
let site;
before(async () => {
  const path = execFileSync('bash', [join(root, 'tests/portal/wordpress.sh'), 'start'], { encoding: 'utf8' }).trim();
  site = JSON.parse(readFileSync(path, 'utf8'));
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

async function search(s, text) {
  const box = await s.find(BOX);
  await box.clear();
  await box.type(text);
}

/** The marked words of the first result whose title holds `title`. */
async function markedWords(s, title) {
  const row = await s.find(`${RESULTS}//button[contains(normalize-space(), "${title}")]`);
  return s.exec('return [...arguments[0].querySelectorAll("mark")].map((m) => m.textContent)', [row.ref()]);
}

test('the query set finds the sample report however it is typed, with the words marked', async () => {
  const dir = freshDataDir();
  const s = await openWindow(driver, dir);
  try {
    await (await s.find('//nav//button[starts-with(normalize-space(), "Tìm kiếm")]')).click();
    const nfd = 'dân vận khéo'.normalize('NFD');
    const fold = (w) => w.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
    for (const typed of ['dan van kheo', 'DÂN VẬN KHÉO', nfd, 'Dân vận khé', 'quận uỷ', 'QUAN UY']) {
      await search(s, typed);
      // This query's words, marked in the sample's own spelling (the last one may be a prefix).
      const words = typed.trim().split(/\s+/).map(fold);
      let marks = [];
      await s.until(`${typed}: its words marked`, async () => {
        marks = await markedWords(s, SAMPLE).catch(() => []);
        const folded = marks.map(fold);
        return words.every((w, i) => folded.some((m) => (i === words.length - 1 ? m.startsWith(w) : m === w)));
      });
      for (const m of marks) assert.equal(m, m.normalize('NFC'), 'the text keeps its own NFC diacritics');
      assert.ok(marks.some((m) => /[^\x00-\x7f]/.test(m)), `${typed}: shown with diacritics ${JSON.stringify(marks)}`);
    }
    await search(s, 'dan van kheo');
    await s.until('Dân vận marked', async () => {
      const marks = await markedWords(s, SAMPLE).catch(() => []);
      return marks.includes('Dân') && marks.includes('vận');
    });
    // Nothing for odd input, and no error.
    await search(s, '"*) NEAR(');
    await s.find('//*[@role="status" and contains(normalize-space(), "Không tìm thấy gì")]');
    assert.equal((await s.findAll('//*[@role="alert" and normalize-space()!=""]')).length, 0);
    // Opening a result opens the post.
    await search(s, 'dân vận khéo');
    await (await s.find(`${RESULTS}//button[contains(normalize-space(), "${SAMPLE}")]`)).click();
    const title = await s.find('//textarea[@id=//label[normalize-space()="Tiêu đề"]/@for]');
    assert.match(await s.exec('return arguments[0].value', [title.ref()]), /^Ban Dân vận tổ chức/);
    await saveScreenshot(s, 'search-opened');
  } finally {
    await s.end();
  }
});

test('the portal archive is pulled in the window, found, read and used as the start of a new post', async () => {
  // A post on the portal no one in this office wrote here.
  const auth = Buffer.from(`quantri:${site.accounts.quantri.password}`).toString('base64');
  const title = `Lễ hội hoa ban Điện Biên (${process.pid})`;
  const res = await fetch(`${site.url}/?rest_route=/wp/v2/posts`, {
    method: 'POST',
    headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ title, content: '<p>Du khách về dự lễ hội hoa ban.</p>', status: 'publish' }),
  });
  assert.equal(res.status, 201);

  const dir = freshDataDir();
  run(dir, ['portal', 'set', '--url', site.url, '--user', 'tacgia', '--password-stdin'], `${site.accounts.tacgia.password}\n`);
  const s = await openWindow(driver, dir);
  try {
    await (await s.find('//nav//button[starts-with(normalize-space(), "Tìm kiếm")]')).click();
    await s.find('//*[contains(normalize-space(), "Chưa tải bài nào của cổng về máy.")]');
    await (await s.find('//button[normalize-space()="Tải lưu trữ từ cổng"]')).click();
    await s.find('//*[starts-with(normalize-space(), "Đã tải xong")]', { timeout: 60000 });
    await saveScreenshot(s, 'search-archive-pulled');

    await search(s, `le hoi hoa ban dien bien ${process.pid}`);
    const row = await s.find(`${RESULTS}//button[contains(normalize-space(), "${title}")]`);
    assert.match(await row.text(), /Lưu trữ cổng/);
    await row.click();
    await s.find(`//*[@aria-label="Bài trong lưu trữ cổng thông tin"]//*[contains(normalize-space(), "Du khách về dự lễ hội hoa ban.")]`);
    await (await s.find('//button[normalize-space()="Dùng làm bài mới"]')).click();
    const box = await s.find('//textarea[@id=//label[normalize-space()="Tiêu đề"]/@for]');
    assert.equal(await s.exec('return arguments[0].value', [box.ref()]), title);
    await saveScreenshot(s, 'search-archive-new-post');
  } finally {
    await s.end();
  }
  const posts = JSON.parse(run(dir, ['post', 'list', '--json'])).posts;
  const made = posts.find((p) => p.title === title);
  assert.equal(made?.state, 'draft');
});
