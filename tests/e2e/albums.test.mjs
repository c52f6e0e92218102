// Photos and albums in the real window: a folder imported through the native file dialog
// (answered with xdotool, as a person would type a path), thumbnails served by the shell's
// photo: protocol, a caption, a new order, and all of it still there after a restart.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDriver, freshDataDir, openWindow, saveScreenshot } from './harness.mjs';
import { sleep } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const cli = process.env.TOASOAN_CLI ?? join(root, 'target/debug/toasoan');
const toasoan = (dir, ...args) => JSON.parse(execFileSync(cli, ['--data-dir', dir, ...args, '--json'], { encoding: 'utf8' }));

const TITLE = 'Hội nghị tổng kết công tác năm 2019';
const CAPTION = 'Phó Chủ tịch UBND huyện phát biểu tại hội nghị';
const GRID = '//*[@role="listbox" and @aria-label="Ảnh trong album, theo thứ tự"]';
const OPTION = `${GRID}//*[@role="option"]`;

let driver;
before(async () => {
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

/** Runs xdotool on the window's display. */
function xdotool(...args) {
  return execFileSync('xdotool', args, { env: { ...process.env, DISPLAY: driver.display }, encoding: 'utf8' }).trim();
}

/** Answers the GTK folder dialog: waits for it, types the folder into its location field, accepts. */
async function chooseFolderInDialog(folder) {
  let win = '';
  for (let i = 0; i < 100 && !win; i++) {
    try {
      win = xdotool('search', '--name', 'Chọn thư mục ảnh').split('\n')[0];
    } catch {
      await sleep(100);
    }
  }
  assert.ok(win, 'the folder dialog opened');
  await sleep(500);
  // No window manager under Xvfb: give the dialog the keyboard directly.
  xdotool('windowfocus', '--sync', win);
  xdotool('key', '--clearmodifiers', 'ctrl+l');
  await sleep(200);
  xdotool('type', '--delay', '5', folder);
  await sleep(500);
  // GTK may complete the name inline (selected text): Delete drops the completion.
  xdotool('key', 'Delete');
  xdotool('key', 'Return');
  await sleep(500);
  // In a folder dialog Return opens the typed folder; the dialog's own button then takes it.
  for (let i = 0; i < 50; i++) {
    await sleep(200);
    try {
      xdotool('search', '--onlyvisible', '--name', 'Chọn thư mục ảnh');
    } catch {
      return; // the dialog is gone: the folder was chosen
    }
    if (i % 5 === 4) xdotool('key', 'Return');
  }
  throw new Error('the folder dialog did not close');
}

async function optionLabels(s) {
  const options = await s.findAll(OPTION);
  return Promise.all(options.map((o) => o.attr('aria-label')));
}

test('a folder imported into an album through the dialog, captioned, reordered, still there after a restart', async () => {
  const dir = freshDataDir();
  // The card: three camera JPEGs, one of them taken with the camera turned (EXIF orientation 6).
  const card = mkdtempSync(join(tmpdir(), 'toasoan-card-'));
  cpSync(join(here, 'fixtures/photos'), join(card, 'DCIM/100NIKON'), { recursive: true });

  let s = await openWindow(driver, dir);
  try {
    await (await s.find('//nav//button[normalize-space()="Album ảnh"]')).click();
    await (await s.find('//button[normalize-space()="Album mới"]')).click();
    const title = await s.find('//input[@id=//label[normalize-space()="Tên album"]/@for]');
    await title.type(TITLE);
    await (await s.find('//button[normalize-space()="Tạo album"]')).click();
    await s.find(`//*[@role="status" or self::p][contains(., "Album chưa có ảnh")]`);

    await (await s.find('//button[normalize-space()="Nhập thư mục…"]')).click();
    await chooseFolderInDialog(join(card, 'DCIM'));
    await s.find('//*[contains(normalize-space(), "Nhập ảnh xong:")]', { timeout: 60000 });
    await s.find('//*[contains(normalize-space(), "3 ảnh mới")]');
    await s.until('three photos in the album grid', async () => (await s.findAll(OPTION)).length === 3, 15000);

    // Thumbnails come through the photo: protocol and the CSP lets them in.
    await s.until(
      'the thumbnails loaded',
      async () =>
        s.exec(
          `const imgs = [...document.querySelectorAll('[role="listbox"] img')];
           return imgs.length === 3 && imgs.every((i) => i.complete && i.naturalWidth > 0);`,
        ),
      15000,
    );
    await saveScreenshot(s, 'album-imported');

    // Caption the first photo.
    const options = await s.findAll(OPTION);
    await options[0].click();
    const caption = await s.find('//textarea[@id=//label[normalize-space()="Chú thích"]/@for] | //input[@id=//label[normalize-space()="Chú thích"]/@for]');
    await caption.type(CAPTION);
    await (await s.find('//button[normalize-space()="Lưu"]')).click();
    await s.until('the caption saved', async () => (await optionLabels(s))[0].includes(CAPTION));

    // Move the last photo to the front with the keyboard-friendly buttons.
    const last = (await s.findAll(OPTION))[2];
    await last.click();
    await (await s.find('//button[normalize-space()="Đưa lên trước"]')).click();
    await s.find('//*[contains(normalize-space(), "Đã chuyển ảnh đến vị trí 2/3.")]');
    await (await s.find('//button[normalize-space()="Đưa lên trước"]')).click();
    await s.until('the captioned photo is second', async () => (await optionLabels(s))[1].includes(CAPTION));
    await saveScreenshot(s, 'album-reordered');
  } finally {
    await s.end();
  }

  // What the store holds, read by the CLI.
  const album = toasoan(dir, 'album', 'list').albums.find((a) => a.title === TITLE);
  assert.ok(album, 'the album is in the store');
  const shown = toasoan(dir, 'album', 'show', String(album.id)).album;
  assert.equal(shown.photos.length, 3);
  assert.equal(shown.photos[1].caption, CAPTION);
  const turned = toasoan(dir, 'photo', 'show', String(shown.photos[0].id)).photo;
  assert.match(turned.original_path, /\.jpg$/);
  assert.deepEqual([turned.width, turned.height], [480, 640], 'the turned photo stands upright');

  // After a restart the window shows the same order and caption.
  s = await openWindow(driver, dir);
  try {
    await (await s.find('//nav//button[normalize-space()="Album ảnh"]')).click();
    await (await s.find(`//*[contains(normalize-space(), "${TITLE}")][self::button or self::a or @role="button"]`)).click();
    await s.until('three photos after the restart', async () => (await s.findAll(OPTION)).length === 3, 15000);
    const labels = await optionLabels(s);
    assert.ok(labels[1].includes(CAPTION), `the caption is on the second photo: ${labels.join(' | ')}`);
  } finally {
    await s.end();
  }
});

test('a library photo goes into a post with its caption, becomes the featured photo, and is turned without touching the original', async () => {
  const dir = freshDataDir();
  const imported = toasoan(dir, 'photo', 'import', join(here, 'fixtures/photos/DSC_0001.JPG'));
  const id = imported.items[0].photo_id;
  toasoan(dir, 'photo', 'edit', String(id), '--caption', CAPTION, '--alt', 'Hội trường UBND huyện');
  const original = toasoan(dir, 'photo', 'show', String(id)).photo;

  const s = await openWindow(driver, dir);
  try {
    await (await s.find('//button[normalize-space()="Viết bài mới"]')).click();
    const title = await s.find('//textarea[@id=//label[normalize-space()="Tiêu đề"]/@for]');
    await title.type('Ảnh hội nghị');
    const body = await s.find('//*[@role="textbox" and @aria-label="Nội dung bài viết"]');
    await body.click();
    await body.type('Toàn cảnh hội nghị.');
    await (await s.find('//button[@aria-label="Chèn ảnh từ thư viện"]')).click();
    const dialog = '//*[@role="dialog" and .//h2[normalize-space()="Chèn ảnh vào bài"]]';
    await (await s.find(`${dialog}//*[@role="option"]`)).click();
    await (await s.find(`${dialog}//button[normalize-space()="Chèn ảnh này"]`)).click();
    await s.until(
      'the photo shown in the body',
      async () =>
        s.exec(
          `const img = arguments[0].querySelector('figure img');
           return !!img && img.complete && img.naturalWidth > 0 && arguments[0].querySelector('figcaption').textContent;`,
          [body.ref()],
        ),
      15000,
    );

    await (await s.find('//button[normalize-space()="Chọn ảnh đại diện"]')).click();
    const featured = '//*[@role="dialog" and .//h2[normalize-space()="Chọn ảnh đại diện"]]';
    await (await s.find(`${featured}//*[@role="option"]`)).click();
    await (await s.find(`${featured}//button[normalize-space()="Dùng làm ảnh đại diện"]`)).click();
    await s.find('//img[@alt="Ảnh đại diện của bài"]');
    await s.find('//*[@role="status" and starts-with(normalize-space(), "Đã lưu lúc")]', { timeout: 15000 });
    await saveScreenshot(s, 'post-with-photo');

    // Turn the photo right in the library.
    await (await s.find('//nav//button[normalize-space()="Album ảnh"]')).click();
    await (await s.find('//*[contains(normalize-space(), "Thư viện ảnh")][self::button or @role="button" or self::a]')).click();
    await (await s.find('//*[@role="listbox"]//*[@role="option"]')).click();
    await (await s.find('//button[contains(normalize-space(), "Xoay phải")]')).click();
    await s.until('the photo turned', async () => toasoan(dir, 'photo', 'show', String(id)).photo.width === original.height);
  } finally {
    await s.end();
  }

  const post = toasoan(dir, 'post', 'list').posts.find((p) => p.title === 'Ảnh hội nghị');
  const shown = toasoan(dir, 'post', 'show', String(post.id));
  assert.equal(shown.featured_photo_id, id);
  assert.ok(
    shown.body_html.includes(
      `<figure data-photo-id="${id}"><img src="photo://localhost/${id}/1024" alt="Hội trường UBND huyện"><figcaption>${CAPTION}</figcaption></figure>`,
    ),
    shown.body_html,
  );
  const turned = toasoan(dir, 'photo', 'show', String(id)).photo;
  assert.deepEqual([turned.width, turned.height], [original.height, original.width]);
  assert.equal(turned.sha256, original.sha256, 'the original is the same file');
});
