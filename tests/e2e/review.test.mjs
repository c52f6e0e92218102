// The review workflow in the real window: an editor submits, a supervisor (behind a password)
// asks for changes with a note on a passage, the editor fixes the text and resubmits, the
// supervisor approves; the log, read by the CLI, holds each step and its chain verifies. Then
// the same for an album, with the notes beside it, a caption compared, and a profile removed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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

const PASSWORD = 'Duyet-bai-2020';
const TITLE = 'Xã họp giao ban tháng 1';
const WRONG = 'Chủ tịch xã phát biểu chỉ đạo.';
const FIXED = 'Chủ tịch UBND xã phát biểu chỉ đạo.';
const BODY = '//*[@role="textbox" and @aria-label="Nội dung bài viết"]';
const OPTION = '//*[@role="listbox" and @aria-label="Ảnh trong album, theo thứ tự"]//*[@role="option"]';

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

/** A text area by its label, whether the label wraps it or points at it. */
const area = (label) =>
  `//label[.//*[normalize-space()="${label}"] or normalize-space()="${label}"]//textarea | //textarea[@id=//label[normalize-space()="${label}"]/@for]`;

/** Opens the profile panel unless it is open already. */
async function openPanel(s) {
  if ((await s.findAll('//*[@id="user-panel"]')).length === 0) {
    await (await s.find('//button[normalize-space()="Chọn người dùng" or normalize-space()="Đổi người dùng"]')).click();
  }
}

async function switchTo(s, displayName, password) {
  await openPanel(s);
  await (await s.find(`//*[@id="user-panel"]//button[.//span[normalize-space()="${displayName}"]]`)).click();
  if (password) {
    const field = await s.find('//input[@id="user-password"]');
    await field.type(password);
    await (await s.find('//*[@id="user-panel"]//button[@type="submit"]')).click();
  }
  await s.find(`//*[contains(normalize-space(), "Đang dùng: ${displayName}")]`);
}

async function openPost(s) {
  await (await s.find('//nav//button[starts-with(normalize-space(), "Bài viết")]')).click();
  await (await s.find(`//button[contains(normalize-space(), "${TITLE}")]`)).click();
  return s.find(BODY);
}

async function openReview(s) {
  await (await s.find('//nav//button[starts-with(normalize-space(), "Duyệt bài")]')).click();
  await (await s.find(`//button[contains(@class, "post-row") and contains(normalize-space(), "${TITLE}")]`)).click();
}

test('an editor submits, the supervisor asks for a change on a passage, the editor fixes it, the supervisor approves', async () => {
  const dir = freshDataDir();
  run(dir, ['user', 'add', 'lan', '--role', 'editor', '--display-name', 'Nguyễn Thị Lan']);
  run(dir, ['user', 'add', 'truong', '--role', 'supervisor', '--display-name', 'Trần Văn Trường', '--password-stdin'], `${PASSWORD}\n`);

  const s = await openWindow(driver, dir);
  try {
    // The editor writes and submits.
    await switchTo(s, 'Nguyễn Thị Lan');
    await (await s.find('//button[normalize-space()="Viết bài mới"]')).click();
    await (await s.find('//textarea[@id=//label[normalize-space()="Tiêu đề"]/@for]')).type(TITLE);
    const body = await s.find(BODY);
    await body.click();
    await body.type(`Sáng 16/1, xã họp giao ban. ${WRONG}`);
    await s.until('the body typed', async () => (await body.text()).includes(WRONG));
    await (await s.find('//button[normalize-space()="Gửi duyệt"]')).click();
    await s.find('//*[contains(normalize-space(), "Đã gửi bài cho lãnh đạo duyệt.")]');

    // A wrong password does not let anyone approve.
    await openPanel(s);
    await (await s.find('//*[@id="user-panel"]//button[.//span[normalize-space()="Trần Văn Trường"]]')).click();
    await (await s.find('//input[@id="user-password"]')).type('sai-mat-khau');
    await (await s.find('//*[@id="user-panel"]//button[@type="submit"]')).click();
    await s.find('//*[@id="user-problem" and @role="alert"]');
    await (await s.find('//*[@id="user-panel"]//button[normalize-space()="Hủy"]')).click();

    // The supervisor notes the passage and asks for the change.
    await switchTo(s, 'Trần Văn Trường', PASSWORD);
    await s.find('//nav//button[contains(@aria-label, "1 mục chờ duyệt")]');
    await openReview(s);
    const preview = await s.find(`//*[@aria-label="Bài như trên cổng thông tin"]//*[contains(text(), "${WRONG}")]`);
    await s.exec(
      `const el = arguments[0]; const text = arguments[1];
       const node = [...el.childNodes].find((n) => n.nodeType === 3 && n.textContent.includes(text));
       const start = node.textContent.indexOf(text);
       const range = document.createRange();
       range.setStart(node, start); range.setEnd(node, start + 'Chủ tịch xã'.length);
       const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
       document.dispatchEvent(new Event('selectionchange'));`,
      [preview.ref(), WRONG],
    );
    await (await s.find('//button[normalize-space()="Ghi chú cho đoạn đã chọn"]')).click();
    await (await s.find(area('Nội dung ghi chú'))).type('Ghi đủ: Chủ tịch UBND xã.');
    await (await s.find('//button[normalize-space()="Gửi ghi chú"]')).click();
    await s.find('//blockquote[contains(normalize-space(), "Chủ tịch xã")]');
    await (await s.find('//button[normalize-space()="Yêu cầu sửa"]')).click();
    await (await s.find(area('Cần sửa gì (bắt buộc)'))).type('Sửa chức danh như ghi chú.');
    await (await s.find('//button[normalize-space()="Gửi yêu cầu sửa"]')).click();
    await s.find('//*[@role="status" and contains(normalize-space(), "yêu cầu sửa") or contains(normalize-space(), "Đã gửi yêu cầu sửa")]');
    await saveScreenshot(s, 'review-changes-requested');

    // The editor sees the note beside the text, fixes it and resubmits.
    await switchTo(s, 'Nguyễn Thị Lan');
    await s.find('//nav//button[contains(@aria-label, "1 bài cần sửa")]');
    const again = await openPost(s);
    await s.find('//blockquote[contains(normalize-space(), "Chủ tịch xã")]');
    await s.exec(
      `const p = [...arguments[0].querySelectorAll('p')].find((p) => p.textContent.includes(arguments[1]));
       p.textContent = p.textContent.replace(arguments[1], arguments[2]);`,
      [again.ref(), 'Chủ tịch xã', 'Chủ tịch UBND xã'],
    );
    await s.until('the fix is in the editor', async () => (await again.text()).includes(FIXED));
    await (await s.find('//button[normalize-space()="Gửi duyệt"]')).click();
    await s.find('//*[contains(normalize-space(), "Đã gửi bài cho lãnh đạo duyệt.")]');

    // The supervisor approves.
    await switchTo(s, 'Trần Văn Trường', PASSWORD);
    await openReview(s);
    await s.find(`//*[@aria-label="Bài như trên cổng thông tin"]//*[contains(text(), "${FIXED}")]`);
    await (await s.find('//button[normalize-space()="Duyệt"]')).click();
    await s.find('//*[contains(normalize-space(), "Đã duyệt.")]');
    await saveScreenshot(s, 'review-approved');
  } finally {
    await s.end();
  }

  const post = JSON.parse(run(dir, ['post', 'list', '--json'])).posts.find((p) => p.title === TITLE);
  const log = JSON.parse(run(dir, ['post', 'log', String(post.id), '--json']));
  const entries = log.entries ?? log.log ?? log;
  const steps = entries.map((e) => e.action).filter((a) => a !== 'created' && a !== 'edited_after_approval');
  assert.deepEqual(steps, ['submit', 'request_changes', 'submit', 'approve'], JSON.stringify(entries));
  assert.equal(entries.at(-1).to_state, 'approved');
  assert.ok(JSON.parse(run(dir, ['post', 'show', String(post.id), '--json'])).body_html.includes(FIXED));
  run(dir, ['doctor']);
});

test('an album goes through review: sent back with a note on a caption, fixed, compared and approved; a profile removed in Settings', async () => {
  const dir = freshDataDir();
  const ALBUM = 'Lễ khai giảng năm học 2020';
  const WRONG_CAPTION = 'Thầy hiệu trưởng phát biểu';
  const FIXED_CAPTION = 'Thầy hiệu trưởng đánh trống khai giảng';
  run(dir, ['user', 'add', 'hoa', '--role', 'photographer', '--display-name', 'Lê Thị Hoa']);
  run(dir, ['user', 'add', 'lan', '--role', 'editor', '--display-name', 'Nguyễn Thị Lan']);
  run(dir, ['user', 'add', 'truong', '--role', 'supervisor', '--display-name', 'Trần Văn Trường', '--password-stdin'], `${PASSWORD}\n`);
  const album = JSON.parse(run(dir, ['album', 'new', '--title', ALBUM, '--as', 'hoa', '--json'])).album;
  const photos = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/photos');
  run(dir, ['photo', 'import', join(photos, 'DSC_0001.JPG'), join(photos, 'DSC_0002.JPG'), '--album', String(album.id), '--as', 'hoa']);
  const shown = JSON.parse(run(dir, ['album', 'show', String(album.id), '--json']));
  const second = (shown.album ?? shown).photos[1].id;
  run(dir, ['photo', 'edit', String(second), '--caption', WRONG_CAPTION, '--as', 'hoa']);

  const s = await openWindow(driver, dir);
  try {
    // The photographer sends the album.
    await switchTo(s, 'Lê Thị Hoa');
    await (await s.find('//nav//button[starts-with(normalize-space(), "Album ảnh")]')).click();
    await (await s.find(`//*[contains(normalize-space(), "${ALBUM}")][self::button or @role="button" or self::a]`)).click();
    await (await s.find('//button[normalize-space()="Gửi duyệt"]')).click();
    await s.find('//*[contains(normalize-space(), "Đã gửi album cho lãnh đạo duyệt.")]');

    // The supervisor quotes the caption and sends the album back.
    await switchTo(s, 'Trần Văn Trường', PASSWORD);
    await (await s.find('//nav//button[contains(@aria-label, "1 mục chờ duyệt")]')).click();
    await (await s.find(`//button[contains(@class, "post-row") and contains(normalize-space(), "${ALBUM}")]`)).click();
    const caption = await s.find(`//figcaption[contains(text(), "${WRONG_CAPTION}")]`);
    await s.exec(
      `const node = [...arguments[0].childNodes].find((n) => n.nodeType === 3 && n.textContent.includes('phát biểu'));
       const start = node.textContent.indexOf('phát biểu');
       const range = document.createRange();
       range.setStart(node, start); range.setEnd(node, start + 'phát biểu'.length);
       const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
       document.dispatchEvent(new Event('selectionchange'));`,
      [caption.ref()],
    );
    await (await s.find('//button[normalize-space()="Ghi chú cho đoạn đã chọn"]')).click();
    await (await s.find(area('Nội dung ghi chú'))).type('Ảnh này là lúc đánh trống khai giảng.');
    await (await s.find('//button[normalize-space()="Gửi ghi chú"]')).click();
    await s.find('//blockquote[normalize-space()="phát biểu"]');
    await (await s.find('//button[normalize-space()="Yêu cầu sửa"]')).click();
    await (await s.find(area('Cần sửa gì (bắt buộc)'))).type('Sửa chú thích như ghi chú.');
    await (await s.find('//button[normalize-space()="Gửi yêu cầu sửa"]')).click();
    await s.find('//*[contains(normalize-space(), "Đã gửi yêu cầu sửa")]');

    // The photographer sees the notes beside the album, fixes the caption, settles the note, resubmits.
    await switchTo(s, 'Lê Thị Hoa');
    await (await s.find('//nav//button[contains(@aria-label, "1 album cần sửa")]')).click();
    await (await s.find(`//*[contains(normalize-space(), "${ALBUM}")][self::button or @role="button" or self::a]`)).click();
    await s.find('//blockquote[normalize-space()="phát biểu"]');
    await (await s.findAll(OPTION)).at(1).click();
    const field = await s.find('//textarea[@id=//label[normalize-space()="Chú thích"]/@for] | //input[@id=//label[normalize-space()="Chú thích"]/@for]');
    await field.clear();
    await field.type(FIXED_CAPTION);
    await (await s.find('//button[normalize-space()="Lưu"]')).click();
    await s.until('the caption saved', async () => {
      const a = JSON.parse(run(dir, ['album', 'show', String(album.id), '--json']));
      return (a.album ?? a).photos[1].caption === FIXED_CAPTION;
    });
    const note = '//li[contains(@class, "note") and .//blockquote[normalize-space()="phát biểu"]]';
    await (await s.find(`${note}//button[normalize-space()="Đánh dấu đã giải quyết"]`)).click();
    await s.find(`${note}//*[normalize-space()="Đã giải quyết"]`);
    await (await s.find('//button[normalize-space()="Gửi duyệt"]')).click();
    await s.find('//*[contains(normalize-space(), "Đã gửi album cho lãnh đạo duyệt.")]');

    // The supervisor compares the captions with the first submission and approves.
    await switchTo(s, 'Trần Văn Trường', PASSWORD);
    await (await s.find('//nav//button[contains(@aria-label, "1 mục chờ duyệt")]')).click();
    await (await s.find(`//button[contains(@class, "post-row") and contains(normalize-space(), "${ALBUM}")]`)).click();
    await (await s.find('//button[normalize-space()="Xem thay đổi"]')).click();
    await s.find('//*[@aria-label="Các chữ đã thêm và đã bỏ"]//ins[contains(normalize-space(), "đánh trống")]');
    await s.find('//*[@aria-label="Các chữ đã thêm và đã bỏ"]//del[normalize-space()="phát"]');
    await (await s.find('//button[normalize-space()="Duyệt"]')).click();
    await s.find('//*[contains(normalize-space(), "Đã duyệt.")]');
    await saveScreenshot(s, 'review-album-approved');

    // Lan has left the office: the supervisor removes her profile in Settings.
    await (await s.find('//nav//button[starts-with(normalize-space(), "Cài đặt")]')).click();
    await (await s.find('//button[@aria-label="Sửa hồ sơ Nguyễn Thị Lan"]')).click();
    await (await s.find('//button[normalize-space()="Xoá hồ sơ này…"]')).click();
    await (await s.find('//button[normalize-space()="Có, xoá hồ sơ"]')).click();
    await s.find('//*[@role="status" and normalize-space()="Đã xoá hồ sơ «Nguyễn Thị Lan»."]');
  } finally {
    await s.end();
  }

  const log = JSON.parse(run(dir, ['album', 'log', String(album.id), '--json'])).log;
  assert.deepEqual(
    log.map((e) => e.action),
    ['submit', 'request_changes', 'submit', 'approve'],
    JSON.stringify(log),
  );
  assert.deepEqual(
    JSON.parse(run(dir, ['user', 'list', '--json'])).users.map((u) => u.name),
    ['hoa', 'truong'],
  );
  run(dir, ['doctor']);
});
