// Drafting in the real window: the rich editor, post details, history, preview, and what
// arrives from the CLI (malicious HTML, NFD text) shown safely.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDriver, freshDataDir, openWindow, saveScreenshot } from './harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.TOASOAN_CLI ?? join(root, 'target/debug/toasoan');
const toasoan = (dir, ...args) => execFileSync(cli, ['--data-dir', dir, ...args], { encoding: 'utf8' });

const TITLE = '//textarea[@id=//label[normalize-space()="Tiêu đề"]/@for]';
const BODY = '//*[@role="textbox" and @aria-label="Nội dung bài viết"]';
const SAVED = '//*[@role="status" and starts-with(normalize-space(), "Đã lưu lúc")]';

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

async function newPost(s, title) {
  await (await s.find('//button[normalize-space()="Viết bài mới"]')).click();
  const t = await s.find(TITLE);
  await t.type(title);
  await s.until('the title typed', async () => (await t.prop('value')) === title);
  return t;
}

test('bold from the toolbar, a sapo and a typed slug are saved as the core keeps them', async () => {
  const dir = freshDataDir();
  const s = await openWindow(driver, dir);
  try {
    await newPost(s, 'Đỗ Anh Tuấn trao thưởng');
    const body = await s.find(BODY);
    await body.click();
    await body.type('Dân vận khéo');
    await s.until('the body typed', async () => (await body.text()).includes('Dân vận khéo'));
    await body.type('\uE009a'); // Ctrl+A inside the editor
    await (await s.find('//button[@aria-label="Đậm (Ctrl+B)"]')).click();
    await s.until('bold applied', async () => (await s.exec('return arguments[0].innerHTML', [body.ref()])).includes('<strong>'));
    const sapo = await s.find('//textarea[@id=//label[starts-with(normalize-space(), "Sapo")]/@for]');
    await sapo.type('Tóm tắt hội nghị.');
    await s.until('the sapo typed', async () => (await sapo.prop('value')) === 'Tóm tắt hội nghị.');
    await s.find(SAVED, { timeout: 15000 });
    await saveScreenshot(s, 'editor-fields');
  } finally {
    await s.end();
  }
  const posts = JSON.parse(toasoan(dir, 'post', 'list', '--json')).posts;
  const id = posts.find((p) => p.title === 'Đỗ Anh Tuấn trao thưởng').id;
  const post = JSON.parse(toasoan(dir, 'post', 'show', String(id), '--json'));
  assert.equal(post.slug, 'do-anh-tuan-trao-thuong');
  assert.equal(post.sapo, 'Tóm tắt hội nghị.');
  assert.match(post.body_html, /<strong>Dân vận khéo<\/strong>/);
});

test('malicious HTML and NFD text from the CLI open safely and in NFC', async () => {
  const dir = freshDataDir();
  const evil = join(dir, 'bai.html');
  writeFileSync(
    evil,
    '<p>Tie\u0302\u0301ng Vie\u0323\u0302t</p><img src=x onerror="window.__xss=1"><script>window.__xss=2</script><a href="javascript:window.__xss=3">bấm</a><p onclick="window.__xss=4">đoạn</p>',
  );
  const id = toasoan(dir, 'post', 'new', '--title', 'Ba\u0300i thu\u031b\u0309', '--body-file', evil).trim();
  const stored = JSON.parse(toasoan(dir, 'post', 'show', id, '--json'));
  assert.equal(stored.title, 'Bài thử');
  assert.equal(stored.body_html.includes('Tiếng Việt'), true);
  for (const bad of ['<script', 'onerror', 'javascript:', 'onclick', '<img']) assert.ok(!stored.body_html.includes(bad), bad);

  const s = await openWindow(driver, dir);
  try {
    await (await s.find('//ul//button[.//*[normalize-space()="Bài thử"]]')).click();
    const body = await s.find(BODY);
    assert.match(await body.text(), /Tiếng Việt/);
    for (const link of await s.findAll(`${BODY}//a`)) await link.click().catch(() => {});
    assert.equal(await s.exec('return window.__xss ?? null'), null);
  } finally {
    await s.end();
  }
});

test('a saved version can be compared and restored from the history', async () => {
  const dir = freshDataDir();
  const s = await openWindow(driver, dir);
  try {
    await newPost(s, 'Tin có lịch sử');
    const body = await s.find(BODY);
    await body.click();
    await body.type('Chiều ngày 15/01/2020');
    await s.until('typed', async () => (await body.text()).includes('15/01/2020'));
    await s.find(SAVED, { timeout: 15000 });
    await (await s.find('//button[normalize-space()="Lịch sử phiên bản"]')).click();
    await (await s.find('//input[@id=//label[.//*[normalize-space()="Tên phiên bản"]]/@for] | //label[.//*[normalize-space()="Tên phiên bản"]]//input')).type('Bản đầu');
    await (await s.find('//button[normalize-space()="Lưu phiên bản hiện tại"]')).click();
    await s.find('//button[contains(., "«Bản đầu»")]');
    await (await s.find('//button[normalize-space()="← Quay lại bài viết"]')).click();

    const again = await s.find(BODY);
    await again.click();
    await again.type('\uE009a');
    await again.type('Sáng ngày 16/01/2020');
    await s.until('retyped', async () => (await again.text()).includes('Sáng ngày 16/01/2020'));
    await s.until('saved', async () => /^Đã lưu lúc/.test((await (await s.find('//*[@role="status"]')).text()).trim()), 15000);
    await (await s.find('//button[normalize-space()="Lịch sử phiên bản"]')).click();
    await (await s.find('//button[contains(., "«Bản đầu»")]')).click();
    await s.find('//*[contains(@aria-label, "Khác biệt")]//del[contains(., "Chiều")]');
    await saveScreenshot(s, 'history');
    await (await s.find('//button[normalize-space()="Khôi phục bản đã chọn"]')).click();
    const restored = await s.find(BODY);
    await s.until('the version restored', async () => (await restored.text()).trim() === 'Chiều ngày 15/01/2020');
  } finally {
    await s.end();
  }
});

test('the preview shows the sample as the portal printed it', async () => {
  const s = await openWindow(driver, freshDataDir());
  try {
    await (await s.find('//ul//button[contains(., "Ban Dân vận tổ chức tổng kết")]')).click();
    await (await s.find('//button[normalize-space()="Xem trước"]')).click();
    const page = await s.find('//*[@aria-label="Xem trước bài viết"]');
    const text = await page.text();
    assert.match(text, /Kinh tế - chính trị/);
    assert.match(text, /Ngày đăng 16\/01\/2020 \| 11:19/);
    assert.match(text, /Một là, các cấp ủy đảng/);
    assert.match(text, /Ban Tuyên giáo Quận Tây Hồ\s*$/);
    await saveScreenshot(s, 'preview');
  } finally {
    await s.end();
  }
});

test('a meeting report written through the template, with an attendee picked from the directory', async () => {
  const dir = freshDataDir();
  toasoan(dir, 'people', 'import', join(root, 'fixtures/people.csv'));
  const s = await openWindow(driver, dir);
  const setValue = (el, value) =>
    s.exec('const [el, v] = arguments; el.value = v; el.dispatchEvent(new Event("input", {bubbles: true}));', [el.ref(), value]);
  try {
    await newPost(s, 'Tin giao ban Dân vận');
    await (await s.find('//button[normalize-space()="Mẫu tin hội nghị"]')).click();
    await (await s.find('//textarea[@id="meeting-name"]')).type('hội nghị giao ban công tác dân vận quý I năm 2026');
    await (await s.find('//input[@id="meeting-organiser"]')).type('Ban Dân vận Quận ủy');
    await setValue(await s.find('//input[@id="meeting-date"]'), '2026-03-20');
    await setValue(await s.find('//input[@id="meeting-time"]'), '14:00');

    const ROWS = '//ol[@aria-label="Thành phần dự"]';
    if ((await s.findAll(`${ROWS}//input[@role="combobox"]`)).length === 0) {
      await (await s.find('//button[normalize-space()="Thêm người dự"]')).click();
    }
    const name = await s.find(`${ROWS}//input[@role="combobox"]`);
    await name.type('tuan');
    await (await s.find(`${ROWS}//*[@role="option" and contains(., "Nguyễn Anh Tuấn")]`)).click();
    const nameId = await name.attr('id');
    const title = await s.find(`//input[@id="${nameId.replace(/-name$/, '-title')}"]`);
    await s.until('the title filled from the directory', async () => (await title.prop('value')) === 'Phó Bí thư thường trực Quận ủy');

    if ((await s.findAll('//textarea[starts-with(@id, "directive-")]')).length === 0) {
      await (await s.find('//button[normalize-space()="Thêm nhiệm vụ"]')).click();
    }
    await (await s.find('//textarea[starts-with(@id, "directive-")]')).type('Tiếp tục nâng cao chất lượng công tác dân vận.');
    await saveScreenshot(s, 'meeting-form');
    await (await s.find('//button[normalize-space()="Viết vào bài"]')).click();

    const body = await s.find(BODY);
    await s.until('the report written', async () => (await body.text()).includes('Chiều ngày 20/03/2026'));
    const text = await body.text();
    assert.match(text, /Chiều ngày 20\/03\/2026, Ban Dân vận Quận ủy đã tổ chức hội nghị giao ban công tác dân vận quý I năm 2026\./);
    assert.match(text, /Dự hội nghị có đồng chí Nguyễn Anh Tuấn - Phó Bí thư thường trực Quận ủy\./);
    assert.match(text, /Một là, tiếp tục nâng cao chất lượng công tác dân vận\./);
  } finally {
    await s.end();
  }
});
