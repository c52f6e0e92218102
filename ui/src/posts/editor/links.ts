// Which link targets a post may contain: web pages and e-mail addresses, nothing else
// (no javascript:, data:, file:, relative or protocol-relative links).

const SAFE_SCHEME = /^(?:https?:\/\/|mailto:)/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// Spaces, control characters and the invisible characters that can hide a scheme.
const UNSAFE_CHARS = /[\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/u;
const EMAIL = /^[^\s@/:?#]+@[^\s@/:?#]+\.[^\s@/:?#]+$/u;
const DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}]{2,}(?::\d+)?(?:[/?#]\S*)?$/u;

/** True when `href` is an absolute http(s) or mailto address that is safe to store. */
export function isSafeHref(href: string | null | undefined): boolean {
  if (typeof href !== 'string' || href === '' || UNSAFE_CHARS.test(href)) return false;
  if (!SAFE_SCHEME.test(href)) return false;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') return url.pathname.length > 0;
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
}

/**
 * What the person typed into the link field, as a safe href, or null when it is not one.
 * "www.example.vn" becomes "https://www.example.vn", "ban@xa.gov.vn" becomes a mailto: link.
 */
export function toSafeHref(input: string): string | null {
  const text = input.trim().normalize('NFC');
  if (!text) return null;
  if (SCHEME.test(text)) return isSafeHref(text) ? text : null;
  if (EMAIL.test(text)) return isSafeHref(`mailto:${text}`) ? `mailto:${text}` : null;
  if (DOMAIN.test(text)) return isSafeHref(`https://${text}`) ? `https://${text}` : null;
  return null;
}
