// The editor's schema: exactly what a post body may hold (the Rust core enforces the same
// allowlist: p, br, h2, h3, h4, strong, b, em, i, u, s, ul, ol, li, blockquote, a[href,title],
// and library photos as figure[data-photo-id] > img[src=photo://…,alt] + figcaption),
// rendered without classes, styles or other attributes.
import { Editor, Extension, type AnyExtension, type EditorOptions } from '@tiptap/core';
import { StarterKit } from '@tiptap/starter-kit';
import { Link } from '@tiptap/extension-link';
import { OrderedList } from '@tiptap/extension-list';
import { cleanPastedHtml } from './paste';
import { isSafeHref } from './links';
import { PhotoFigure } from './figure';

/** Links: only http(s)/mailto, only href and title. */
const SafeLink = Link.extend({
  addAttributes() {
    return {
      href: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute('href'),
      },
      title: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute('title') || null,
      },
    };
  },
  renderHTML({ HTMLAttributes }) {
    const attrs: Record<string, string> = {};
    if (isSafeHref(HTMLAttributes.href)) attrs.href = HTMLAttributes.href;
    if (HTMLAttributes.title) attrs.title = HTMLAttributes.title;
    return ['a', attrs, 0];
  },
}).configure({
  openOnClick: false,
  enableClickSelection: false,
  autolink: true,
  linkOnPaste: true,
  defaultProtocol: 'https',
  HTMLAttributes: { rel: null, target: null, class: null },
  isAllowedUri: (url) => isSafeHref(url),
  shouldAutoLink: (url) => isSafeHref(url),
});

/** Numbered lists: the allowlist has no start/type attributes, so none are written. */
const PlainOrderedList = OrderedList.extend({
  renderHTML() {
    return ['ol', 0];
  },
});

export interface BodyEditorHooks {
  /** Ctrl+K: open the link field. */
  onLinkShortcut: () => void;
}

export function bodyExtensions(hooks: BodyEditorHooks): AnyExtension[] {
  return [
    StarterKit.configure({
      heading: { levels: [2, 3] },
      code: false,
      codeBlock: false,
      horizontalRule: false,
      link: false,
      orderedList: false,
      trailingNode: false,
    }),
    SafeLink,
    PlainOrderedList,
    PhotoFigure,
    Extension.create({
      name: 'linkShortcut',
      addKeyboardShortcuts() {
        return {
          'Mod-k': () => {
            hooks.onLinkShortcut();
            return true;
          },
        };
      },
    }),
  ];
}

export interface CreateOptions {
  element: HTMLElement;
  content: string;
  attributes: () => Record<string, string>;
  hooks: BodyEditorHooks;
  handlers?: Partial<EditorOptions>;
}

export function createBodyEditor({ element, content, attributes, hooks, handlers }: CreateOptions): Editor {
  return new Editor({
    element,
    content: content ? cleanStoredHtml(content) : '',
    extensions: bodyExtensions(hooks),
    // The CSP allows no inline styles: the editor's base CSS lives in app.css.
    injectCSS: false,
    autofocus: false,
    editorProps: {
      attributes,
      transformPastedHTML: (html) => cleanPastedHtml(html),
      transformPastedText: (text) => text.normalize('NFC'),
    },
    ...handlers,
  });
}

/** Stored bodies are already clean; only Unicode normalisation is needed. */
function cleanStoredHtml(html: string): string {
  return html.normalize('NFC');
}
