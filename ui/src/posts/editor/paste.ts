// Clipboard HTML from Word, LibreOffice and Google Docs, reduced to what a post may hold:
// paragraphs, H2/H3, bold/italic/underline/strike, lists, quotes and http(s)/mailto links.
// The editor's schema would drop the rest anyway; this removes the junk first so that nothing
// of it (comments, list bullets typed as text, wrapper tags) leaks in as text or structure.
import { isSafeHref } from './links';

/** Tags kept as they are (after renaming, see RENAME). */
const KEEP = new Set(['p', 'br', 'h2', 'h3', 'strong', 'em', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'a']);
const RENAME: Record<string, string> = {
  b: 'strong',
  i: 'em',
  cite: 'em',
  dfn: 'em',
  strike: 's',
  del: 's',
  ins: 'u',
  h1: 'h2',
  h4: 'h3',
  h5: 'h3',
  h6: 'h3',
};
/** Removed with everything inside. */
const DROP = new Set([
  'head', 'style', 'script', 'meta', 'link', 'xml', 'title', 'base', 'img', 'picture', 'source', 'svg',
  'math', 'iframe', 'frame', 'object', 'embed', 'applet', 'video', 'audio', 'track', 'canvas', 'map',
  'area', 'noscript', 'template', 'input', 'button', 'select', 'option', 'textarea', 'hr', 'wbr',
  'colgroup', 'col', 'o:p',
]);
/** Boxes that become a paragraph when they hold only text, and vanish when they hold blocks. */
const BOXES = new Set([
  'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'address', 'center',
  'figure', 'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'dl', 'dt',
  'dd', 'pre', 'details', 'summary', 'form', 'fieldset', 'legend', 'body',
]);
const BLOCKS = new Set(['p', 'h2', 'h3', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h4', 'h5', 'h6', ...BOXES]);
const TEXT_BLOCKS = ['p', 'h2', 'h3', 'li'];
const INLINE = new Set(['strong', 'em', 'u', 's', 'a']);

/** Clean clipboard HTML before the editor parses it. Pure: returns a new string. */
export function cleanPastedHtml(html: string): string {
  const doc = new DOMParser().parseFromString(prepare(html.normalize('NFC')), 'text/html');
  const body = doc.body;

  removeComments(body);
  for (const el of [...body.querySelectorAll('*')]) {
    const name = el.localName;
    // VML shapes (v:shape, v:imagedata) and <o:p>; other prefixed tags (st1:place) hold text.
    if (DROP.has(name) || name.startsWith('v:')) el.remove();
  }
  // Google Docs wraps the whole fragment in <b style="font-weight:normal" id="docs-internal-guid-…">.
  for (const el of [...body.querySelectorAll('b[id^="docs-internal-guid"]')]) unwrap(el);

  convertWordLists(body);
  convertWordParagraphStyles(body);
  for (const el of [...body.querySelectorAll('*')]) {
    if (el.isConnected && isListMarker(el)) el.remove();
  }

  cleanChildren(body);
  tidy(body);
  return body.innerHTML.normalize('NFC');
}

/** Word's conditional comments, before the HTML parser turns them into comments or bogus nodes. */
function prepare(html: string): string {
  return (
    html
      // The bullet or number Word typed in front of a list paragraph: keep it findable.
      .replace(
        /<!(?:--)?\[if !supportLists\](?:--)?>([\s\S]*?)<!(?:--)?\[endif\](?:--)?>/gi,
        '<span data-list-marker="">$1</span>',
      )
      // Hidden from non-Office readers: VML, <xml> settings, fallbacks.
      .replace(/<!--\[if[^\]]*\]>[\s\S]*?<!\[endif\]-->/gi, '')
      // Shown to everyone: drop the markers, keep what is between them.
      .replace(/<!\[(?:if[^\]]*|endif)\]>/gi, '')
  );
}

function removeComments(root: Element): void {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const c of comments) c.parentNode?.removeChild(c);
}

/** An element's inline style as lower-case property → lower-case value. */
function parseStyle(el: Element): Map<string, string> {
  const map = new Map<string, string>();
  const style = el.getAttribute('style');
  if (!style) return map;
  for (const decl of style.split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const prop = decl.slice(0, colon).trim().toLowerCase();
    const value = decl
      .slice(colon + 1)
      .replace(/!important/i, '')
      .trim()
      .toLowerCase();
    if (prop) map.set(prop, value);
  }
  return map;
}

type Emphasis = { bold?: boolean; italic?: boolean; underline?: boolean; strike?: boolean };

/** Bold/italic/underline/strike as an element's inline style sets or clears them. */
function styleEmphasis(style: Map<string, string>): Emphasis {
  const out: Emphasis = {};
  const weight = style.get('font-weight');
  if (weight) {
    if (/^(bold|bolder)$/.test(weight) || (/^\d+$/.test(weight) && Number(weight) >= 600)) out.bold = true;
    else if (/^(normal|lighter)$/.test(weight) || /^\d+$/.test(weight)) out.bold = false;
  }
  const fontStyle = style.get('font-style');
  if (fontStyle) out.italic = /italic|oblique/.test(fontStyle);
  const decoration = style.get('text-decoration') ?? style.get('text-decoration-line');
  if (decoration) {
    out.underline = decoration.includes('underline');
    out.strike = decoration.includes('line-through');
  }
  return out;
}

function rename(el: Element, name: string): Element {
  const doc = el.ownerDocument;
  const next = doc.createElement(name);
  while (el.firstChild) next.appendChild(el.firstChild);
  for (const attr of [...el.attributes]) next.setAttribute(attr.name, attr.value);
  el.replaceWith(next);
  return next;
}

function unwrap(el: Element): void {
  const parent = el.parentNode;
  if (!parent) return;
  while (el.firstChild) parent.insertBefore(el.firstChild, el);
  parent.removeChild(el);
}

/** Wraps all of `el`'s children in a new `name` element inside it. */
function wrapChildren(el: Element, name: string): void {
  const wrapper = el.ownerDocument.createElement(name);
  while (el.firstChild) wrapper.appendChild(el.firstChild);
  el.appendChild(wrapper);
}

// ---- Word -------------------------------------------------------------------------------------

/** The bullet or number Word typed in front of a list item (or a numbered heading). */
function isListMarker(el: Element): boolean {
  return el.hasAttribute('data-list-marker') || parseStyle(el).get('mso-list') === 'ignore';
}

type ListInfo = { level: number; ordered: boolean };

/** A Word list paragraph: <p class=MsoListParagraph style='mso-list:l0 level1 lfo1'>. */
function wordListInfo(el: Element): ListInfo | null {
  if (el.localName !== 'p') return null;
  const list = parseStyle(el).get('mso-list');
  if (!list) return null;
  const level = /level(\d+)/.exec(list);
  if (!level) return null;
  const marker = [...el.querySelectorAll('span')].find(isListMarker);
  const text = (marker?.textContent ?? '').replace(/[\s\u00a0]+/g, '');
  const ordered = /^\(?(?:\d+(?:\.\d+)*|[a-z]|[ivxlcdm]+)[.)]?$/i.test(text) && !/^[a-z]$/i.test(text);
  return { level: Math.max(1, Number(level[1])), ordered };
}

function nextElementSkippingSpace(el: Element): Element | null {
  let node = el.nextSibling;
  while (node && node.nodeType === Node.TEXT_NODE && !/[^\s]/.test(node.textContent ?? '')) {
    node = node.nextSibling;
  }
  return node && node.nodeType === Node.ELEMENT_NODE ? (node as Element) : null;
}

/** Word writes lists as paragraphs with a typed bullet; turn each run of them into <ul>/<ol>. */
function convertWordLists(root: Element): void {
  const doc = root.ownerDocument;
  const done = new Set<Element>();
  for (const first of [...root.querySelectorAll('p')]) {
    if (done.has(first) || !wordListInfo(first)) continue;
    const run: { p: Element; info: ListInfo }[] = [];
    for (let el: Element | null = first; el; el = nextElementSkippingSpace(el)) {
      const info = wordListInfo(el);
      if (!info) break;
      run.push({ p: el, info });
      done.add(el);
    }

    const stack: { list: Element; level: number; ordered: boolean }[] = [];
    const roots: Element[] = [];
    for (const { p, info } of run) {
      while (stack.length && stack[stack.length - 1].level > info.level) stack.pop();
      let top = stack[stack.length - 1];
      if (top && top.level === info.level && top.ordered !== info.ordered) {
        stack.pop();
        top = stack[stack.length - 1];
      }
      if (!top || top.level < info.level) {
        const list = doc.createElement(info.ordered ? 'ol' : 'ul');
        if (top) {
          let host = top.list.lastElementChild;
          if (!host) host = top.list.appendChild(doc.createElement('li'));
          host.appendChild(list);
        } else {
          roots.push(list);
        }
        top = { list, level: info.level, ordered: info.ordered };
        stack.push(top);
      }
      const li = doc.createElement('li');
      while (p.firstChild) li.appendChild(p.firstChild);
      top.list.appendChild(li);
    }
    const anchor = run[0].p;
    for (const list of roots) anchor.parentNode!.insertBefore(list, anchor);
    for (const { p } of run) p.remove();
  }
}

/** Word's paragraph styles that mean something in a post: Quote, Title, Subtitle. */
function convertWordParagraphStyles(root: Element): void {
  for (const p of [...root.querySelectorAll('p[class]')]) {
    const cls = p.getAttribute('class') ?? '';
    if (/^Mso(?:Intense)?Quote$/i.test(cls)) {
      const prev = p.previousElementSibling;
      if (prev?.localName === 'blockquote' && prev.getAttribute('data-word-quote') !== null) {
        prev.appendChild(p);
      } else {
        const quote = p.ownerDocument.createElement('blockquote');
        quote.setAttribute('data-word-quote', '');
        p.replaceWith(quote);
        quote.appendChild(p);
      }
    } else if (/^MsoTitle$/i.test(cls)) {
      rename(p, 'h2');
    } else if (/^MsoSubtitle$/i.test(cls)) {
      rename(p, 'h3');
    }
  }
}

// ---- everything -------------------------------------------------------------------------------

function cleanChildren(parent: Element): void {
  for (const child of [...parent.childNodes]) {
    if (child.nodeType === Node.TEXT_NODE) {
      child.textContent = (child.textContent ?? '').replace(/[ \t\r\n\f]+/g, ' ').normalize('NFC');
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      cleanElement(child as Element);
    } else {
      child.parentNode?.removeChild(child);
    }
  }
}

function cleanElement(original: Element): void {
  let el = original;
  let name = el.localName;
  const style = parseStyle(el);
  const emphasis = styleEmphasis(style);

  // <b style="font-weight:normal">, <i style="font-style:normal">, <u style="text-decoration:none">.
  if (
    ((name === 'b' || name === 'strong') && emphasis.bold === false) ||
    ((name === 'i' || name === 'em') && emphasis.italic === false) ||
    ((name === 'u' || name === 'ins') && emphasis.underline === false)
  ) {
    cleanChildren(el);
    unwrap(el);
    return;
  }

  if (name === 'a') {
    const href = linkTarget(el.getAttribute('href'));
    if (!href) {
      cleanChildren(el);
      unwrap(el);
      return;
    }
    const title = el.getAttribute('title')?.trim();
    for (const attr of [...el.attributes]) el.removeAttribute(attr.name);
    el.setAttribute('href', href);
    if (title) el.setAttribute('title', title.normalize('NFC'));
    cleanChildren(el);
    return;
  }

  if (RENAME[name]) {
    el = rename(el, RENAME[name]);
    name = el.localName;
  }
  cleanChildren(el);

  // Emphasis set through styles (Google Docs spans, LibreOffice <font>, Word spans).
  if (!['strong', 'b'].includes(name) && emphasis.bold) wrapChildren(el, 'strong');
  if (!['em', 'i'].includes(name) && emphasis.italic) wrapChildren(el, 'em');
  // A link's underline is the link's own look, not emphasis.
  if (name !== 'u' && emphasis.underline && !el.closest('a')) wrapChildren(el, 'u');
  if (name !== 's' && emphasis.strike) wrapChildren(el, 's');

  if (name === 'u' && el.closest('a')) {
    unwrap(el);
    return;
  }

  if (KEEP.has(name)) {
    for (const attr of [...el.attributes]) {
      // ProseMirror's own clipboard marker: keeps list and quote context on copy-paste inside the editor.
      if (attr.name !== 'data-pm-slice') el.removeAttribute(attr.name);
    }
    return;
  }
  if (BOXES.has(name)) {
    if ([...el.children].some((c) => BLOCKS.has(c.localName))) unwrap(el);
    else rename(el, 'p');
    return;
  }
  // span, font, sup, sub, small, mark, abbr, label, st1:place, …: keep only what is inside.
  unwrap(el);
}

/** The link's target if it may be kept; Google's redirect links point at their real target. */
function linkTarget(raw: string | null): string | null {
  let href = raw?.trim();
  if (!href) return null;
  try {
    const url = new URL(href);
    if (/^(www\.)?google\.[a-z.]+$/.test(url.hostname) && url.pathname === '/url') {
      href = url.searchParams.get('q') ?? url.searchParams.get('url') ?? href;
    }
  } catch {
    return null;
  }
  return isSafeHref(href) ? href : null;
}

function isBlank(el: Element): boolean {
  return !/[^\s\u00a0\u200b]/.test(el.textContent ?? '');
}

/** Drop empty blocks, stray line breaks and whitespace between blocks; trim block edges. */
function tidy(body: HTMLElement): void {
  // Boxes renamed to <p> kept their attributes until now.
  for (const el of [...body.querySelectorAll('*')]) {
    if (el.localName !== 'a') {
      for (const attr of [...el.attributes]) if (attr.name !== 'data-pm-slice') el.removeAttribute(attr.name);
    }
  }
  // Children first, so a list whose items were all empty goes too.
  for (const el of [...body.querySelectorAll('p, h2, h3, li, ul, ol, blockquote, strong, em, u, s, a')].reverse()) {
    if (!isBlank(el)) continue;
    // An empty block goes; an inline wrapper around a space leaves the space.
    if (INLINE.has(el.localName)) unwrap(el);
    else el.remove();
  }
  for (const br of [...body.querySelectorAll('br')]) {
    const parent = br.parentElement!;
    const blockParent = parent === body || [...parent.children].some((c) => BLOCKS.has(c.localName));
    if (blockParent || isEdge(br, 'last')) br.remove();
  }
  for (const node of [...body.querySelectorAll('*'), body].flatMap((el) => [...el.childNodes])) {
    if (node.nodeType !== Node.TEXT_NODE || /[^ ]/.test(node.textContent ?? '')) continue;
    const prev = node.previousSibling;
    const next = node.nextSibling;
    const parent = node.parentElement!;
    const blockSide = (n: ChildNode | null) =>
      n === null ? parent === body || BLOCKS.has(parent.localName) : n.nodeType === Node.ELEMENT_NODE && BLOCKS.has((n as Element).localName);
    if (blockSide(prev) || blockSide(next)) node.parentNode?.removeChild(node);
  }
  for (const block of body.querySelectorAll(TEXT_BLOCKS.join(','))) trimEdges(block);
}

/** True when `node` is the first/last thing in its block (ignoring inline wrappers). */
function isEdge(node: Node, side: 'first' | 'last'): boolean {
  let current: Node = node;
  while (current.parentElement && !BLOCKS.has(current.parentElement.localName)) {
    const sibling = side === 'last' ? current.nextSibling : current.previousSibling;
    if (sibling && /[^\s]/.test(sibling.textContent ?? '')) return false;
    current = current.parentElement;
  }
  const sibling = side === 'last' ? current.nextSibling : current.previousSibling;
  return !sibling || (sibling.nodeType === Node.TEXT_NODE && !/[^\s]/.test(sibling.textContent ?? ''));
}

function trimEdges(block: Element): void {
  const walker = block.ownerDocument.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  const own: Text[] = [];
  while (walker.nextNode()) {
    const text = walker.currentNode as Text;
    // Text in a list nested inside an <li> belongs to that list's items.
    if (text.parentElement?.closest(TEXT_BLOCKS.join(',')) === block) own.push(text);
  }
  if (!own.length) return;
  own[0].data = own[0].data.replace(/^[\s\u00a0]+/, '');
  const last = own[own.length - 1];
  last.data = last.data.replace(/[\s\u00a0]+$/, '');
}
