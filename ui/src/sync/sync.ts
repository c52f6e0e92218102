// How the Đồng bộ area words the outbox: entries' reasons, states and times, and the portal's
// statuses. Codes the window does not know are shown as they come rather than hidden.
import type { OutboxEntry, OutboxState, ReviewItem } from '../lib/ipc/types';
import { formatDateTime } from '../lib/time';
import { t, type MessageKey } from '../i18n/index.svelte';

const REASONS = ['submit', 'approve', 'schedule', 'publish', 'withdraw', 'reopen', 'request_changes', 'edit'];
const REMOTE_STATUSES = ['publish', 'pending', 'future', 'draft', 'private'];

/** Sent or cancelled: nothing more will happen to it. */
export function isDone(entry: OutboxEntry): boolean {
  return entry.state === 'sent' || entry.state === 'cancelled';
}

/** Waiting for a person: a failed one is sent again by "Thử lại", a conflict is settled by
 * "So sánh hai bản". */
export function needsPerson(entry: OutboxEntry): boolean {
  return entry.state === 'failed' || entry.state === 'conflict';
}

/** Waiting out a backoff after a failure that may pass by itself (offline, a timeout). */
export function backingOff(entry: OutboxEntry): boolean {
  return entry.state === 'waiting' && entry.next_at !== null;
}

/** "Thử lại" is offered: a failed entry, or one waiting after a failure (the core's retry clears
 * the wait). A conflict is not: sent again, it would only meet the portal's copy again. */
export function retryable(entry: OutboxEntry): boolean {
  return entry.state === 'failed' || backingOff(entry);
}

/** "Huỷ" is offered until the sender takes it. */
export function cancellable(entry: OutboxEntry): boolean {
  return entry.state === 'waiting' || needsPerson(entry);
}

/** The review step (or the edit) that made the entry: "Gửi duyệt", "Duyệt"… */
export function reasonName(reason: string): string {
  return REASONS.includes(reason) ? t(`sync.reason.${reason}` as MessageKey) : reason;
}

export function stateName(state: OutboxState): string {
  return t(`sync.state.${state}` as MessageKey);
}

/** The portal's status in a sentence: "đã đăng", "chờ duyệt"… */
export function remoteName(status: string): string {
  return REMOTE_STATUSES.includes(status) ? t(`sync.remote.${status}` as MessageKey) : status;
}

export function kindName(item: ReviewItem): string {
  return t(item.kind === 'album' ? 'sync.kind.album' : 'sync.kind.post');
}

/** The item's title, or a stand-in when it has none (or is gone). */
export function titleOf(title: string): string {
  return title || t('sync.untitled');
}

/** A stored UTC time in Vietnam's time. */
export function when(value: string): string {
  return formatDateTime(value);
}

/** The lists' word for an item's way to the portal (the core's `portal` field): "Chờ gửi lên
 * cổng", "Gửi lên cổng lỗi", "Xung đột với cổng", or the portal copy's status. */
export function portalBadge(word: string | null): string | null {
  if (word === null) return null;
  if (word === 'waiting' || word === 'failed' || word === 'conflict') return t(`sync.badge.${word}` as MessageKey);
  return t('review.bar.portal', { status: remoteName(word) });
}
