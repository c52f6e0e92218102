// A small W3C WebDriver client over fetch: enough to drive the real window through
// tauri-driver + WebKitWebDriver without pulling a browser-automation framework.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, application, args = []) {
    const res = await call(base, 'POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application, args } } },
    });
    return new Session(base, res.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async find(xpath, { timeout = 10000 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      try {
        const el = await this.cmd('POST', '/element', { using: 'xpath', value: xpath });
        if (!el || !el[ELEMENT]) throw new Error(`no element: ${JSON.stringify(el)}`);
        return new Element(this, el[ELEMENT]);
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`not found within ${timeout} ms: ${xpath}\n${e.message}`);
        await sleep(100);
      }
    }
  }

  async findAll(xpath) {
    const els = await this.cmd('POST', '/elements', { using: 'xpath', value: xpath });
    return els.map((e) => new Element(this, e[ELEMENT]));
  }

  /** Polls until `fn` returns a truthy value. */
  async until(what, fn, timeout = 10000) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await fn();
        if (last) return last;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
      await sleep(100);
    }
  }

  exec(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  execAsync(script, args = []) {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  screenshot() {
    return this.cmd('GET', '/screenshot');
  }

  async end() {
    try {
      await this.cmd('DELETE', '');
    } catch {
      // the app may already have gone
    }
  }
}

export class Element {
  constructor(session, id) {
    this.s = session;
    this.id = id;
  }
  /** This element as a script argument. */
  ref() {
    return { [ELEMENT]: this.id };
  }
  click() {
    return this.s.cmd('POST', `/element/${this.id}/click`, {});
  }
  type(text) {
    return this.s.cmd('POST', `/element/${this.id}/value`, { text });
  }
  clear() {
    return this.s.cmd('POST', `/element/${this.id}/clear`, {});
  }
  text() {
    return this.s.cmd('GET', `/element/${this.id}/text`);
  }
  attr(name) {
    return this.s.cmd('GET', `/element/${this.id}/attribute/${name}`);
  }
  prop(name) {
    return this.s.cmd('GET', `/element/${this.id}/property/${name}`);
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
  return json.value;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
