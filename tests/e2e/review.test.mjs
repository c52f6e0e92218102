// The review workflow in the real window: an editor submits, a supervisor (behind a password)
// asks for changes with a note on a passage, the editor fixes the text and resubmits, the
// supervisor approves; the log, read by the CLI, holds each step and its chain verifies.

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
