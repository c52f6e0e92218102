// The portal in the real window, against the real test WordPress and a real keyring (this
// process runs under tests/portal/with-keyring.sh): each profile saves its own portal account
// in Settings and tests the connection; the supervisor's approval waits in Đồng bộ and
// "Gửi ngay" publishes it; WordPress's own REST API shows the post published.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDriver, freshDataDir, openWindow, saveScreenshot } from './harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.TOASOAN_CLI ?? join(root, 'target/debug/toasoan');
const run = (dir, args, input, env = {}) =>
  execFileSync(cli, ['--data-dir', dir, ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, TOASOAN_AS: '', TOASOAN_PASSWORD: '', ...env },
  });

const PASSWORD = 'Duyet-bai-2020';
const TITLE = `Thông báo lịch tiếp công dân tháng 12 (${process.pid})`;

let driver;
let site;
before(async () => {
  assert.ok(process.env.DBUS_SESSION_BUS_ADDRESS, 'run under tests/portal/with-keyring.sh: the portal passwords go to the keyring');
  const path = execFileSync('bash', [join(root, 'tests/portal/wordpress.sh'), 'start'], { encoding: 'utf8' }).trim();
  site = JSON.parse(readFileSync(path, 'utf8'));
  driver = await startDriver();
});
after(async () => {
  await driver?.stop();
});

/** WordPress's own answer, as its administrator. */
async function wordpress(route, query = '') {
  const auth = Buffer.from(`quantri:${site.accounts.quantri.password}`).toString('base64');
  const res = await fetch(`${site.url}/?rest_route=${route}${query}`, { headers: { Authorization: `Basic ${auth}` } });
  return res.json();
}

async function switchTo(s, displayName, password) {
  if ((await s.findAll('//*[@id="user-panel"]')).length === 0) {
    await (await s.find('//button[normalize-space()="Chọn người dùng" or normalize-space()="Đổi người dùng"]')).click();
  }
  await (await s.find(`//*[@id="user-panel"]//button[.//span[normalize-space()="${displayName}"]]`)).click();
  if (password) {
    await (await s.find('//input[@id="user-password"]')).type(password);
    await (await s.find('//*[@id="user-panel"]//button[@type="submit"]')).click();
  }
  await s.find(`//*[contains(normalize-space(), "Đang dùng: ${displayName}")]`);
}

async function savePortalAccount(s, user, password) {
  await (await s.find('//nav//button[starts-with(normalize-space(), "Cài đặt")]')).click();
  const url = await s.find('//input[@id="portal-url"]');
  await url.clear();
  await url.type(site.url);
  const name = await s.find('//input[@id="portal-user"]');
  await name.clear();
  await name.type(user);
  await (await s.find('//input[@id="portal-password"]')).type(password);
  await (await s.find('//button[@type="submit" and normalize-space()="Lưu"][ancestor::*[.//input[@id="portal-url"]]]')).click();
  await s.find(`//*[contains(normalize-space(), "Đã lưu tài khoản «${user}» cho hồ sơ này.")]`);
  // The password box is emptied once sent.
  assert.equal(await s.exec('return document.getElementById("portal-password").value', []), '');
}

test('each profile saves its portal account, tests it, and Gửi ngay publishes the approved post', async () => {
  const dir = freshDataDir();
  run(dir, ['user', 'add', 'lan', '--role', 'editor', '--display-name', 'Nguyễn Thị Lan']);
  run(dir, ['user', 'add', 'truong', '--role', 'supervisor', '--display-name', 'Trần Văn Trường', '--password-stdin'], `${PASSWORD}\n`);
  const id = run(dir, ['post', 'new', '--title', TITLE, '--as', 'lan']).trim();
  run(dir, ['review', 'submit', id, '--as', 'lan']);
  run(dir, ['review', 'approve', id, '--as', 'truong'], '', { TOASOAN_PASSWORD: PASSWORD });

  const s = await openWindow(driver, dir);
  try {
    // The editor: her own account, then the connection test.
    await switchTo(s, 'Nguyễn Thị Lan');
    await savePortalAccount(s, 'tacgia', site.accounts.tacgia.password);
    await (await s.find('//button[normalize-space()="Kiểm tra kết nối"]')).click();
    const report = await s.find('//*[@role="group" and @aria-label="Kết quả kiểm tra kết nối"]', { timeout: 20000 });
    const text = await report.text();
    assert.match(text, /Cổng thông tin điện tử xã \(thử nghiệm\)/);
    assert.match(text, /Tác giả/);
    assert.match(text, /Nguyễn Thị Lan \(tacgia\)/);

    // The supervisor: an editor's account on the portal.
    await switchTo(s, 'Trần Văn Trường', PASSWORD);
    await savePortalAccount(s, 'bientap', site.accounts.bientap.password);

    // Đồng bộ: the two steps wait; Gửi ngay publishes.
    await (await s.find('//nav//button[starts-with(normalize-space(), "Đồng bộ")]')).click();
    await s.find(`//*[contains(normalize-space(), "Còn 2 mục chờ gửi.")]`);
    await (await s.find('//button[normalize-space()="Gửi ngay"]')).click();
    await s.find('//*[contains(normalize-space(), "Đã gửi; trên cổng: đã đăng.")]', { timeout: 30000 });
    await s.find('//*[contains(normalize-space(), "Mọi thay đổi đã được gửi lên cổng.")]');
    await saveScreenshot(s, 'portal-sent');
  } finally {
    await s.end();
  }

  const found = await wordpress('/wp/v2/posts', `&search=${encodeURIComponent(TITLE)}&context=edit&status=publish,pending,draft`);
  assert.equal(found.length, 1, JSON.stringify(found).slice(0, 500));
  assert.equal(found[0].status, 'publish');
  assert.equal(found[0].title.raw, TITLE);
  // The app holds the link and says published; the keyring holds the passwords, the store does not.
  const post = JSON.parse(run(dir, ['post', 'show', id, '--json']));
  assert.equal(post.state, 'published');
  const db = readFileSync(join(dir, 'toasoan.db'));
  assert.ok(!db.includes(Buffer.from(site.accounts.bientap.password)), 'no password in the store');
});

const TWO_PC_TITLE = `Kế hoạch trực Tết Nguyên đán (${process.pid})`;

/** Bài viết → the post's row in the list. */
async function postRow(s, title) {
  await (await s.find('//nav//button[starts-with(normalize-space(), "Bài viết")]')).click();
  return s.find(`//li[.//button[contains(@class, "post-row") and contains(normalize-space(), "${title}")]]`);
}

/** Đồng bộ → "Gửi ngay", until nothing waits (the background sender may have sent it first). */
async function sendNow(s) {
  await (await s.find('//nav//button[starts-with(normalize-space(), "Đồng bộ")]')).click();
  await (await s.find('//button[normalize-space()="Gửi ngay"]')).click();
  // The run's report (the area forgets it when left, so this is this run's).
  await s.find('//h2[normalize-space()="Kết quả lần gửi vừa rồi"]', { timeout: 30000 });
  await s.find('//*[contains(normalize-space(), "Mọi thay đổi đã được gửi lên cổng.")]');
}

test('two PCs through the portal: submitted in one window, approved in another, shown published in the first', async () => {
  // Two data folders: the editor's PC and the supervisor's PC, each with its own people.
  const editorPc = freshDataDir();
  const bossPc = freshDataDir();
  run(editorPc, ['user', 'add', 'lan', '--role', 'editor', '--display-name', 'Nguyễn Thị Lan']);
  run(bossPc, ['user', 'add', 'truong', '--role', 'supervisor', '--display-name', 'Trần Văn Trường', '--password-stdin'], `${PASSWORD}\n`);
  const bodyFile = join(editorPc, 'body.txt');
  writeFileSync(bodyFile, 'Các cơ quan, đơn vị bố trí lịch trực Tết đủ 24 giờ.\n');
  run(editorPc, ['post', 'new', '--title', TWO_PC_TITLE, '--body-file', bodyFile, '--category', 'Kinh tế - chính trị', '--as', 'lan']);

  // The editor's window: her portal account, "Gửi duyệt", then it goes to the portal.
  let s = await openWindow(driver, editorPc);
  try {
    await switchTo(s, 'Nguyễn Thị Lan');
    await savePortalAccount(s, 'tacgia', site.accounts.tacgia.password);
    await postRow(s, TWO_PC_TITLE);
    await (await s.find(`//button[contains(@class, "post-row") and contains(normalize-space(), "${TWO_PC_TITLE}")]`)).click();
    await (await s.find('//button[normalize-space()="Gửi duyệt"]')).click();
    await s.find('//*[contains(normalize-space(), "Đã gửi bài cho lãnh đạo duyệt.")]');
    await sendNow(s);
    const row = await postRow(s, TWO_PC_TITLE);
    assert.match(await row.text(), /Trên cổng: chờ duyệt/);
  } finally {
    await s.end();
  }
  const [pending] = await wordpress('/wp/v2/posts', `&search=${encodeURIComponent(TWO_PC_TITLE)}&context=edit&status=pending`);
  assert.equal(pending?.status, 'pending', 'the portal holds it for review');

  // The supervisor's window on the other PC: it arrives in the review queue; "Duyệt" publishes.
  s = await openWindow(driver, bossPc);
  try {
    await switchTo(s, 'Trần Văn Trường', PASSWORD);
    await savePortalAccount(s, 'bientap', site.accounts.bientap.password);
    await sendNow(s);
    await (await s.find('//nav//button[starts-with(normalize-space(), "Duyệt bài")]')).click();
    await (await s.find(`//button[contains(@class, "post-row") and contains(normalize-space(), "${TWO_PC_TITLE}")]`)).click();
    await s.find('//*[@aria-label="Bài như trên cổng thông tin"]//*[contains(text(), "lịch trực Tết đủ 24 giờ")]');
    await (await s.find('//button[normalize-space()="Duyệt"]')).click();
    await s.find('//*[contains(normalize-space(), "Đã duyệt.")]');
    await sendNow(s);
    await saveScreenshot(s, 'portal-two-pcs-approved');
  } finally {
    await s.end();
  }
  const published = await wordpress(`/wp/v2/posts/${pending.id}`, '&context=edit');
  assert.equal(published.status, 'publish');
  assert.equal(published.author, site.accounts.tacgia.id, "still the editor's post");

  // Back on the editor's PC: the post shows published, with the portal's address.
  s = await openWindow(driver, editorPc);
  try {
    await switchTo(s, 'Nguyễn Thị Lan');
    await sendNow(s);
    const row = await postRow(s, TWO_PC_TITLE);
    assert.match(await row.text(), /Trên cổng: đã đăng/);
    await (await s.find(`//button[contains(@class, "post-row") and contains(normalize-space(), "${TWO_PC_TITLE}")]`)).click();
    await s.find('//*[contains(normalize-space(), "Trên cổng: đã đăng")]');
    await s.find(`//*[contains(@class, "address") and normalize-space()="${published.link}"]`);
    await saveScreenshot(s, 'portal-two-pcs-published');
  } finally {
    await s.end();
  }
  const post = JSON.parse(run(editorPc, ['post', 'list', '--json'])).posts.find((p) => p.title === TWO_PC_TITLE);
  assert.equal(post.state, 'published');
});
