// The keyboard of a modal dialog: Escape closes it, Tab and Shift+Tab stay inside it (the
// heading, focused on opening, counts as before the first control).

/** Handles `event` for the dialog `dialog` whose heading is `heading`; `onclose` on Escape. */
export function dialogKeys(
  event: KeyboardEvent,
  dialog: HTMLElement | undefined,
  heading: HTMLElement | undefined,
  onclose: () => void,
): void {
  if (event.key === 'Escape') {
    event.preventDefault();
    event.stopPropagation();
    onclose();
  } else if (event.key === 'Tab' && dialog) {
    const stops = [...dialog.querySelectorAll<HTMLElement>('button, input, textarea, select, [tabindex="0"]')].filter(
      (el) => !(el as HTMLButtonElement).disabled,
    );
    if (stops.length === 0) return;
    const first = stops[0];
    const last = stops[stops.length - 1];
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === heading)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }
}
