// A library photo in the body, with its caption:
//   <figure data-photo-id="12"><img src="photo://localhost/12/1024" alt="…"><figcaption>…</figcaption></figure>
// The stored address is the same on every system; the window shows it through `photoUrl`, which
// knows how this system reaches the shell's `photo:` protocol. The core's sanitiser allows only
// this shape (and only library addresses), so nothing remote can enter a body.
import { Node, mergeAttributes } from '@tiptap/core';
import { photoUrl } from '../../lib/photos';

/** The rendition a body shows and stores: the article column's width. */
export const BODY_PHOTO_EDGE = 1024;

export interface PhotoFigureAttrs {
  photoId: number;
  alt: string;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    photoFigure: {
      /** Inserts a library photo with `caption` as its editable caption. */
      insertPhotoFigure: (attrs: PhotoFigureAttrs & { caption: string }) => ReturnType;
    };
  }
}

export function storedPhotoSrc(photoId: number): string {
  return `photo://localhost/${photoId}/${BODY_PHOTO_EDGE}`;
}

function idFrom(el: HTMLElement): number | null {
  const raw = el.getAttribute('data-photo-id') ?? '';
  return /^\d{1,11}$/.test(raw) ? Number(raw) : null;
}

export const PhotoFigure = Node.create({
  name: 'photoFigure',
  group: 'block',
  // The caption: text with marks, no blocks.
  content: 'inline*',
  marks: '_',
  draggable: true,
  isolating: true,
  defining: true,

  addAttributes() {
    return {
      photoId: {
        default: null,
        parseHTML: (el: HTMLElement) => idFrom(el),
        renderHTML: () => ({}),
      },
      alt: {
        default: '',
        parseHTML: (el: HTMLElement) => el.querySelector('img')?.getAttribute('alt') ?? '',
        renderHTML: () => ({}),
      },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'figure[data-photo-id]',
        contentElement: (el: HTMLElement) => el.querySelector('figcaption') ?? document.createElement('figcaption'),
      },
    ];
  },

  renderHTML({ node, HTMLAttributes }) {
    const id = node.attrs.photoId as number;
    return [
      'figure',
      mergeAttributes(HTMLAttributes, { 'data-photo-id': String(id) }),
      ['img', { src: storedPhotoSrc(id), alt: node.attrs.alt as string }],
      ['figcaption', 0],
    ];
  },

  // In the window the picture comes through the shell's protocol; the caption stays editable.
  addNodeView() {
    return ({ node }) => {
      const figure = document.createElement('figure');
      figure.setAttribute('data-photo-id', String(node.attrs.photoId));
      const img = document.createElement('img');
      img.src = photoUrl(node.attrs.photoId as number, BODY_PHOTO_EDGE, 0);
      img.alt = node.attrs.alt as string;
      img.draggable = false;
      img.contentEditable = 'false';
      const caption = document.createElement('figcaption');
      figure.append(img, caption);
      return { dom: figure, contentDOM: caption };
    };
  },

  addCommands() {
    return {
      insertPhotoFigure:
        ({ photoId, alt, caption }) =>
        ({ commands }) =>
          commands.insertContent({
            type: this.name,
            attrs: { photoId, alt },
            content: caption ? [{ type: 'text', text: caption.normalize('NFC') }] : [],
          }),
    };
  },
});
