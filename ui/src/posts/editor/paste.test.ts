import { describe, expect, it } from 'vitest';
import { cleanPastedHtml } from './paste';
import word from './fixtures/word.html?raw';
import wordExpected from './fixtures/word.expected.html?raw';
import docs from './fixtures/google-docs.html?raw';
import docsExpected from './fixtures/google-docs.expected.html?raw';
import libre from './fixtures/libreoffice.html?raw';
import libreExpected from './fixtures/libreoffice.expected.html?raw';

const fixtures: Record<string, [string, string]> = {
  word: [word, wordExpected],
  'google-docs': [docs, docsExpected],
  libreoffice: [libre, libreExpected],
};

describe('cleanPastedHtml', () => {
  it.each(Object.keys(fixtures))('cleans %s clipboard HTML', (name) => {
    const [input, expected] = fixtures[name];
    expect(cleanPastedHtml(input)).toBe(expected.trim());
  });

  it.each(Object.keys(fixtures))('%s: leaves no junk behind', (name) => {
    const out = cleanPastedHtml(fixtures[name][0]);
    expect(out).not.toMatch(/<!--|style=|class=|mso-|<o:p|<img|<span|<font|<meta|<style|<xml|javascript:|docs-internal/i);
    for (const tag of out.matchAll(/<\/?([a-z0-9:]+)/gi)) {
      expect(['p', 'br', 'h2', 'h3', 'strong', 'em', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'a']).toContain(tag[1]);
    }
  });

  it('normalises decomposed Vietnamese to NFC', () => {
    const nfd = '<p>Ủy ban nhân dân</p>'.normalize('NFD');
    expect(cleanPastedHtml(nfd)).toBe('<p>Ủy ban nhân dân</p>'.normalize('NFC'));
  });

  it('keeps a bit of inline text inline', () => {
    const html =
      '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1"><span style="font-weight:700">đậm</span><span style="font-weight:400"> thường</span></b>';
    expect(cleanPastedHtml(html)).toBe('<strong>đậm</strong> thường');
  });

  it('drops links that are not http(s) or mailto, keeping their text', () => {
    expect(
      cleanPastedHtml(
        '<p><a href="javascript:alert(1)">a</a> <a href=" JaVaScRiPt:alert(1)">b</a> <a href="data:text/html,x">c</a> <a href="file:///etc/passwd">d</a> <a href="https://x.vn" target="_blank" rel="noopener" onclick="x()">e</a></p>',
      ),
    ).toBe('<p>a b c d <a href="https://x.vn">e</a></p>');
  });

  it('turns headings into H2/H3 and tables into paragraphs', () => {
    expect(cleanPastedHtml('<h1>Một</h1><h4>Bốn</h4><table><tr><td>Ô</td><td><p>Hai</p></td></tr></table>')).toBe(
      '<h2>Một</h2><h3>Bốn</h3><p>Ô</p><p>Hai</p>',
    );
  });

  it('removes scripts, event handlers and images', () => {
    expect(
      cleanPastedHtml('<p onclick="x()">A<script>alert(1)</script><img src="x" onerror="alert(1)">B</p><svg><script>1</script></svg>'),
    ).toBe('<p>AB</p>');
  });
});
