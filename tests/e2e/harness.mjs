// Starts what the window's end-to-end tests need: an X server (Xvfb, unless a display is
// given), tauri-driver with WebKitWebDriver, and the built app. Missing parts fail loudly.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { Session, sleep } from './webdriver.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = join(root, 'tests/e2e/artifacts');

export const app = process.env.TOASOAN_APP ?? join(root, 'target/debug/toa-soan');

function which(cmd) {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`]).toString().trim();
  } catch {
    return null;
  }
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

export async function startDriver() {
  if (!existsSync(app)) throw new Error(`the app is not built: ${app} (run scripts/test, or cargo build --bin toa-soan)`);
  const tauriDriver = which('tauri-driver') ?? join(process.env.HOME ?? '', '.cargo/bin/tauri-driver');
  if (!existsSync(tauriDriver)) throw new Error('tauri-driver is missing: cargo install tauri-driver --locked');
  const native = which('WebKitWebDriver');
  if (!native) throw new Error('WebKitWebDriver is missing: apt-get install webkit2gtk-driver');

  const children = [];
  const env = { ...process.env, NO_AT_BRIDGE: '1', LANG: 'C.UTF-8' };
  if (!process.env.DISPLAY || process.env.TOASOAN_E2E_XVFB === '1') {
    if (!which('Xvfb')) throw new Error('Xvfb is missing: apt-get install xvfb');
    const display = `:${90 + Math.floor(Math.random() * 100)}`;
    const xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    children.push(xvfb);
    env.DISPLAY = display;
    await sleep(500);
  }
  const port = await freePort();
  const nativePort = await freePort();
  mkdirSync(artifacts, { recursive: true });
  const driver = spawn(tauriDriver, ['--port', String(port), '--native-port', String(nativePort), '--native-driver', native], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(driver);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${base}/status`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (i > 100) throw new Error('tauri-driver did not start');
    await sleep(100);
  }
  return {
    base,
    /** The X display the window is on (for xdotool answering native dialogs). */
    display: env.DISPLAY,
    async stop() {
      for (const c of children.reverse()) c.kill('SIGTERM');
      await sleep(200);
      for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const dataDirs = [];

/** A new, empty data folder; removed when the driver stops. */
export function freshDataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'toasoan-e2e-'));
  dataDirs.push(dir);
  return dir;
}

/** Opens the window on `dataDir` and waits until the UI has rendered. */
export async function openWindow(driver, dataDir) {
  const s = await Session.start(driver.base, app, ['--data-dir', dataDir]);
  try {
    await s.find('//main/*');
  } catch (e) {
    await saveScreenshot(s, 'did-not-render');
    await s.end();
    throw e;
  }
  return s;
}

export async function saveScreenshot(s, name) {
  try {
    const png = await s.screenshot();
    writeFileSync(join(artifacts, `${name}.png`), Buffer.from(png, 'base64'));
  } catch {
    // a screenshot is a help for people, never a reason to fail
  }
}
