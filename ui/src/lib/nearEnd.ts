// Calls `onend` when the element it is put on (a mark after a list's last row) comes into
// view, to read the list's next page. `count` is the number of rows shown: when it changes,
// the mark is looked at again, so a page too short to fill the screen brings the next one.
export type NearEnd = { onend: () => void; count: number };

export function nearEnd(node: Element, params: NearEnd) {
  if (typeof IntersectionObserver === 'undefined') return {};
  let current = params;
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) current.onend();
    },
    { rootMargin: '0px 0px 400px 0px' },
  );
  observer.observe(node);
  return {
    update(next: NearEnd) {
      const again = next.count !== current.count;
      current = next;
      if (again) {
        observer.unobserve(node);
        observer.observe(node);
      }
    },
    destroy() {
      observer.disconnect();
    },
  };
}
