// What the review area decides on its own: which steps to offer, how notes nest, how a
// selected passage is sent, how times read. The core still checks every step.
import type { Note, ReviewAction, ReviewItem, ReviewState } from '../lib/ipc/types';
import { formatDateTime } from '../lib/time';
import { getLang, t, type MessageKey } from '../i18n/index.svelte';

/** The supervisor's steps from each state, in the order the bar shows them (the core's RULES). */
const SUPERVISOR_STEPS: Record<ReviewState, ReviewAction[]> = {
  draft: [],
  submitted: ['request_changes', 'approve'],
  changes_requested: [],
  approved: ['request_changes', 'schedule', 'publish'],
  scheduled: ['request_changes', 'schedule', 'publish', 'withdraw'],
  published: ['withdraw'],
  withdrawn: ['reopen'],
};

export function supervisorActions(state: ReviewState): ReviewAction[] {
  return SUPERVISOR_STEPS[state] ?? [];
}

/** "dd/mm/yyyy HH:mm" in Vietnam's time. */
export function shortDateTime(value: string): string {
  return formatDateTime(value).replace(' | ', ' ');
}

/** The text selected in the preview, as a note's passage: trimmed, NFC; null when empty. */
export function passageOf(text: string | null | undefined): string | null {
  const passage = (text ?? '').normalize('NFC').trim();
  return passage ? passage : null;
}

export function sameItem(a: ReviewItem, b: ReviewItem): boolean {
  return a.kind === b.kind && a.id === b.id;
}

export type NoteThread = { note: Note; replies: NoteThread[] };

/** Notes as threads: each reply under the note it answers (oldest first at every level). A reply
 * whose note is not in the list stands on its own. */
export function threads(notes: Note[]): NoteThread[] {
  const byId = new Map<number, NoteThread>();
  for (const note of notes) byId.set(note.id, { note, replies: [] });
  const roots: NoteThread[] = [];
  for (const note of notes) {
    const node = byId.get(note.id)!;
    // A note answers an earlier one; anything else is shown on its own rather than lost.
    const parent = note.reply_to !== null && note.reply_to < note.id ? byId.get(note.reply_to) : undefined;
    if (parent) parent.replies.push(node);
    else roots.push(node);
  }
  return roots;
}

/** A state's name inside a sentence ("đã gửi duyệt"): the badge's name, in lower case. */
export function stateName(state: ReviewState): string {
  return t(`review.state.${state}` as MessageKey).toLocaleLowerCase(getLang() === 'vi' ? 'vi-VN' : 'en-GB');
}

/** A log entry's action in words ("Duyệt", "Sửa sau khi duyệt"); an unknown code as it is. */
export function actionName(action: string): string {
  const key = `review.log.action.${action}` as MessageKey;
  const name = t(key);
  return name === key ? action : name;
}
