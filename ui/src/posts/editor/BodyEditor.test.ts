import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { Editor } from '@tiptap/core';
import BodyEditor from './BodyEditor.svelte';
import { ChangeGate } from './composition';
import { countWords } from './words';
import { isSafeHref, toSafeHref } from './links';
import { setLang } from '../../i18n/index.svelte';
import word from './fixtures/word.html?raw';

// jsdom has no layout; ProseMirror asks for rectangles when it scrolls the caret into view.
beforeAll(() => {
  const rect = () => ({ x: 0, y: 0, top: 0, left: 0, bottom: 0, right: 0, width: 0, height: 0, toJSON() {} });
  const rects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect ??= rect as () => DOMRect;
  Range.prototype.getClientRects ??= rects;
  Element.prototype.scrollIntoView ??= () => {};
  document.elementFromPoint ??= () => null;
});

afterEach(() => {
  cleanup();
  setLang('vi');
});

const ALLOWED = ['p', 'br', 'h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'a'];

/** Fails unless `html` stays inside the allowlist the Rust core enforces. */
function expectAllowed(html: string) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const el of doc.body.querySelectorAll('*')) {
    expect(ALLOWED, el.outerHTML).toContain(el.localName);
    const attrs = el.getAttributeNames();
    if (el.localName === 'a') {
      for (const a of attrs) expect(['href', 'title']).toContain(a);
      expect(isSafeHref(el.getAttribute('href'))).toBe(true);
    } else {
      expect(attrs, el.outerHTML).toEqual([]);
    }
  }
}

function setup(html = '<p>Sáng nay, xã họp giao ban.</p>') {
  const onchange = vi.fn<(html: string) => void>();
  const onblur = vi.fn<() => void>();
  const result = render(BodyEditor, { html, label: 'Nội dung bài viết', onchange, onblur });
  const body = screen.getByRole('textbox', { name: 'Nội dung bài viết' });
  const editor = (body as HTMLElement & { editor: Editor }).editor;
  return { ...result, body, editor, onchange, onblur };
}

describe('BodyEditor', () => {
  it('shows the body in an accessible textbox with a Vietnamese toolbar', async () => {
    const { body } = setup();
    expect(body.getAttribute('contenteditable')).toBe('true');
    expect(body.getAttribute('aria-multiline')).toBe('true');
    expect(body.innerHTML).toBe('<p>Sáng nay, xã họp giao ban.</p>');

    const toolbar = screen.getByRole('toolbar', { name: 'Định dạng nội dung' });
    expect(toolbar.getAttribute('aria-controls')).toBe(body.id);
    expect(body.id).not.toBe('');
    const names = [...toolbar.querySelectorAll('button')].map((b) => b.getAttribute('aria-label'));
    expect(names).toEqual([
      'Hoàn tác (Ctrl+Z)',
      'Làm lại (Ctrl+Y)',
      'Tiêu đề mục (Ctrl+Alt+2)',
      'Tiêu đề phụ (Ctrl+Alt+3)',
      'Đậm (Ctrl+B)',
      'Nghiêng (Ctrl+I)',
      'Gạch chân (Ctrl+U)',
      'Danh sách dấu chấm (Ctrl+Shift+8)',
      'Danh sách đánh số (Ctrl+Shift+7)',
      'Trích dẫn (Ctrl+Shift+B)',
      'Liên kết (Ctrl+K)',
    ]);
    expect(screen.getByRole('button', { name: 'Đậm (Ctrl+B)' }).getAttribute('title')).toBe('Đậm (Ctrl+B)');
    // Only one tab stop in the toolbar; the arrow keys move along it.
    const buttons = [...toolbar.querySelectorAll('button')];
    expect(buttons.filter((b) => b.tabIndex === 0)).toEqual([buttons[0]]);
    buttons[0].focus();
    await fireEvent.keyDown(buttons[0], { key: 'ArrowRight' });
    expect(document.activeElement).toBe(buttons[1]);
    expect(buttons.filter((b) => b.tabIndex === 0)).toEqual([buttons[1]]);
    await fireEvent.keyDown(buttons[1], { key: 'End' });
    expect(document.activeElement).toBe(buttons[10]);
    await fireEvent.keyDown(buttons[10], { key: 'ArrowRight' });
    expect(document.activeElement).toBe(buttons[0]);
  });

  it('injects no <style> element (CSP style-src self)', () => {
    setup();
    expect(document.querySelectorAll('style')).toHaveLength(0);
  });

  it('bold button toggles aria-pressed and reports the change', async () => {
    const { editor, onchange } = setup();
    const bold = screen.getByRole('button', { name: 'Đậm (Ctrl+B)' });
    expect(bold.getAttribute('aria-pressed')).toBe('false');

    editor.commands.setTextSelection({ from: 1, to: 5 });
    await fireEvent.click(bold);
    expect(bold.getAttribute('aria-pressed')).toBe('true');
    expect(onchange).toHaveBeenLastCalledWith('<p><strong>Sáng</strong> nay, xã họp giao ban.</p>');

    await fireEvent.click(bold);
    expect(bold.getAttribute('aria-pressed')).toBe('false');
    expect(onchange).toHaveBeenLastCalledWith('<p>Sáng nay, xã họp giao ban.</p>');
  });

  it('keyboard shortcuts format the text', async () => {
    const { body, editor, onchange } = setup();
    editor.commands.setTextSelection({ from: 1, to: 5 });
    await fireEvent.keyDown(body, { key: 'i', code: 'KeyI', ctrlKey: true });
    expect(onchange).toHaveBeenLastCalledWith('<p><em>Sáng</em> nay, xã họp giao ban.</p>');
    await fireEvent.keyDown(body, { key: '2', code: 'Digit2', ctrlKey: true, altKey: true });
    expect(onchange).toHaveBeenLastCalledWith('<h2><em>Sáng</em> nay, xã họp giao ban.</h2>');
    expect(screen.getByRole('button', { name: 'Tiêu đề mục (Ctrl+Alt+2)' }).getAttribute('aria-pressed')).toBe('true');
    await fireEvent.keyDown(body, { key: 'z', code: 'KeyZ', ctrlKey: true });
    await fireEvent.keyDown(body, { key: 'z', code: 'KeyZ', ctrlKey: true });
    expect(onchange).toHaveBeenLastCalledWith('<p>Sáng nay, xã họp giao ban.</p>');
  });

  it('lists and quotes from the toolbar', async () => {
    const { editor, onchange } = setup('<p>Một</p><p>Hai</p>');
    editor.commands.selectAll();
    await fireEvent.click(screen.getByRole('button', { name: 'Danh sách đánh số (Ctrl+Shift+7)' }));
    expect(onchange).toHaveBeenLastCalledWith('<ol><li><p>Một</p></li><li><p>Hai</p></li></ol>');
    await fireEvent.click(screen.getByRole('button', { name: 'Danh sách dấu chấm (Ctrl+Shift+8)' }));
    expect(onchange).toHaveBeenLastCalledWith('<ul><li><p>Một</p></li><li><p>Hai</p></li></ul>');
    await fireEvent.click(screen.getByRole('button', { name: 'Danh sách dấu chấm (Ctrl+Shift+8)' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Trích dẫn (Ctrl+Shift+B)' }));
    expect(onchange).toHaveBeenLastCalledWith('<blockquote><p>Một</p><p>Hai</p></blockquote>');
  });

  it('reports typed text (DOM changes read by the editor) and counts words live', async () => {
    const { body, onchange, component } = setup();
    expect(screen.getByText('6 từ')).toBeTruthy();
    body.querySelector('p')!.firstChild!.textContent = 'Sáng nay, Ủy ban nhân dân xã họp giao ban.';
    await waitFor(() => expect(onchange).toHaveBeenCalledWith('<p>Sáng nay, Ủy ban nhân dân xã họp giao ban.</p>'));
    expect(screen.getByText('10 từ')).toBeTruthy();
    expect(component.getHTML()).toBe('<p>Sáng nay, Ủy ban nhân dân xã họp giao ban.</p>');
  });

  it('an empty body is "" and counts 0 words', () => {
    const { component } = setup('');
    expect(component.getHTML()).toBe('');
    expect(screen.getByText('0 từ')).toBeTruthy();
  });

  it('never resets its content from the html prop after it opened', async () => {
    const { editor, rerender, component } = setup();
    editor.commands.insertContentAt(1, 'Chiều ');
    await rerender({ html: '<p>khác</p>' });
    expect(component.getHTML()).toBe('<p>Chiều Sáng nay, xã họp giao ban.</p>');
  });

  it('holds back changes while an input method composes, and reports them at compositionend', async () => {
    const { body, editor, onchange, component } = setup('<p>Xin </p>');
    editor.commands.setTextSelection(5);
    const text = body.querySelector('p')!.firstChild as Text;

    await fireEvent.compositionStart(body, { data: '' });
    expect(editor.view.composing).toBe(true);
    // Telex: "chaof" → "chào", letter by letter, all inside one composition.
    for (const step of ['c', 'ch', 'cha', 'chao', 'chào']) {
      text.data = `Xin ${step}`;
      await fireEvent.compositionUpdate(body, { data: step });
      await fireEvent.input(body, { data: step, isComposing: true, inputType: 'insertCompositionText' });
      await Promise.resolve();
    }
    await new Promise((r) => setTimeout(r, 0));
    expect(onchange).not.toHaveBeenCalled();
    // While composing, the last settled body is what a save would read.
    expect(component.getHTML()).toBe('<p>Xin</p>');

    await fireEvent.compositionEnd(body, { data: 'chào' });
    await waitFor(() => expect(onchange).toHaveBeenCalled());
    expect(onchange).toHaveBeenLastCalledWith('<p>Xin chào</p>');
    expect(component.getHTML()).toBe('<p>Xin chào</p>');
    // Nothing doubled.
    expect(body.textContent).toBe('Xin chào');
  });

  it('Ctrl+K opens the link field; javascript: is refused, https is set', async () => {
    const { body, editor, onchange } = setup('<p>Xem cổng thông tin xã.</p>');
    editor.commands.setTextSelection({ from: 5, to: 19 });
    await fireEvent.keyDown(body, { key: 'k', code: 'KeyK', ctrlKey: true });
    const field = await screen.findByRole('textbox', { name: 'Địa chỉ liên kết' });

    await fireEvent.input(field, { target: { value: 'javascript:alert(1)' } });
    await fireEvent.keyDown(field, { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/http/);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(onchange).not.toHaveBeenCalled();

    await fireEvent.input(field, { target: { value: 'xa.example.gov.vn/tin' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Gắn liên kết' }));
    expect(onchange).toHaveBeenLastCalledWith('<p>Xem <a href="https://xa.example.gov.vn/tin">cổng thông tin</a> xã.</p>');
    expect(screen.queryByRole('textbox', { name: 'Địa chỉ liên kết' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Liên kết (Ctrl+K)' }).getAttribute('aria-pressed')).toBe('true');

    // Open again inside the link: it can be removed.
    editor.commands.setTextSelection(8);
    await fireEvent.click(screen.getByRole('button', { name: 'Liên kết (Ctrl+K)' }));
    expect((screen.getByRole('textbox', { name: 'Địa chỉ liên kết' }) as HTMLInputElement).value).toBe(
      'https://xa.example.gov.vn/tin',
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Gỡ liên kết' }));
    expect(onchange).toHaveBeenLastCalledWith('<p>Xem cổng thông tin xã.</p>');
  });

  it('the editor itself refuses javascript: links, in commands and in content', () => {
    const { editor, component } = setup(
      '<p><a href="javascript:alert(1)">độc</a> <a href="https://x.vn" target="_blank" rel="noopener" class="c" style="color:red">tốt</a></p>',
    );
    expect(component.getHTML()).toBe('<p>độc <a href="https://x.vn">tốt</a></p>');
    editor.commands.selectAll();
    expect(editor.commands.setLink({ href: 'javascript:alert(1)' })).toBe(false);
    expect(editor.commands.setLink({ href: 'data:text/html,<script>1</script>' })).toBe(false);
    expect(component.getHTML()).not.toMatch(/javascript|data:/);
  });

  it('keeps stored bodies inside the allowlist', () => {
    const { component } = setup(
      '<h1>Một</h1><h2 class="x">Hai</h2><p style="color:red">Ba <code>bốn</code> <s>năm</s></p><ol start="3" type="a"><li>sáu</li></ol><hr><pre><code>x</code></pre>',
    );
    const html = component.getHTML();
    expectAllowed(html);
    expect(html).toContain('<h2>Hai</h2>');
    expect(html).toContain('<ol><li><p>sáu</p></li></ol>');
    expect(html).toContain('<s>năm</s>');
  });

  it('cleans Word HTML on paste', async () => {
    const { editor, onchange } = setup('');
    // jsdom has no ClipboardEvent; TipTap's paste handlers only read clipboardData from it.
    const event = Object.assign(new Event('paste'), { clipboardData: null }) as unknown as ClipboardEvent;
    editor.view.pasteHTML(word, event);
    const html = onchange.mock.lastCall![0];
    expectAllowed(html);
    expect(html).toContain('<h2>Hội nghị tổng kết công tác năm 2025</h2>');
    expect(html).toContain('<ul><li><p>Thu ngân sách đạt 105% kế hoạch;</p><ul><li><p>trong đó thu thuế tăng 12%;</p></li></ul></li>');
    expect(html).toContain('<ol><li><p>Cải cách hành chính;</p></li><li><p>Chuyển đổi số.</p></li></ol>');
    expect(html).toContain('<a href="mailto:vanthu@example.gov.vn">vanthu@example.gov.vn</a>');
    expect(html).not.toMatch(/supportLists|·|mso|Ignore/);
  });

  it('follows the interface language', async () => {
    setup();
    setLang('en');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Bold (Ctrl+B)' })).toBeTruthy());
    expect(screen.getByText('6 words')).toBeTruthy();
  });

  it('reports blur', async () => {
    const { body, onblur } = setup();
    body.focus();
    await fireEvent.focus(body);
    body.blur();
    await fireEvent.blur(body);
    await waitFor(() => expect(onblur).toHaveBeenCalled());
  });
});

describe('ChangeGate', () => {
  it('emits at once outside a composition and once after it', () => {
    let composing = false;
    const emit = vi.fn();
    const gate = new ChangeGate(() => composing, emit);
    gate.changed();
    expect(emit).toHaveBeenCalledTimes(1);
    composing = true;
    gate.changed();
    gate.changed();
    expect(emit).toHaveBeenCalledTimes(1);
    expect(gate.holding).toBe(true);
    gate.compositionEnded(); // still composing: nothing yet
    expect(emit).toHaveBeenCalledTimes(1);
    composing = false;
    gate.compositionEnded();
    expect(emit).toHaveBeenCalledTimes(2);
    gate.compositionEnded();
    expect(emit).toHaveBeenCalledTimes(2);
  });
});

describe('countWords', () => {
  it('counts syllables separated by whitespace', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('   ')).toBe(0);
    expect(countWords('Ủy ban nhân dân xã')).toBe(5);
    expect(countWords(' Sáng\u00a0nay,\txã  họp\ngiao ban. ')).toBe(6);
  });
});

describe('links', () => {
  it('accepts only http(s) and mailto', () => {
    for (const ok of ['https://xa.gov.vn', 'http://x.vn/a?b=1#c', 'mailto:a@b.vn', 'HTTPS://X.VN']) {
      expect(isSafeHref(ok), ok).toBe(true);
    }
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      'vbscript:x',
      '//evil.example',
      '/relative',
      'https://',
      'https:// x.vn',
      '',
    ]) {
      expect(isSafeHref(bad), bad).toBe(false);
    }
  });

  it('completes what people type into the link field', () => {
    expect(toSafeHref(' xa.example.gov.vn ')).toBe('https://xa.example.gov.vn');
    expect(toSafeHref('www.baochinhphu.vn/tin-1.htm')).toBe('https://www.baochinhphu.vn/tin-1.htm');
    expect(toSafeHref('vanthu@xa.gov.vn')).toBe('mailto:vanthu@xa.gov.vn');
    expect(toSafeHref('https://x.vn')).toBe('https://x.vn');
    expect(toSafeHref('javascript:alert(1)')).toBeNull();
    expect(toSafeHref('javascript://x.vn/%0aalert(1)')).toBeNull();
    expect(toSafeHref('tel:0123')).toBeNull();
    expect(toSafeHref('hello')).toBeNull();
  });
});
