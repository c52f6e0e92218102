// The outbox's counts for the navigation ("Đồng bộ" shows the entries that need a person). Read
// once when the window opens, then kept fresh by the shell's `sync-changed` event (sent after
// every run of the background sender) and by the Đồng bộ area, which reads them with its list.
import { listen } from '@tauri-apps/api/event';
import { api } from '../lib/ipc/client';
import type { OutboxCounts } from '../lib/ipc/types';
import { refreshReviewCounts } from '../users/session.svelte';

/** The shell's event after each run of the sender; its payload is the new OutboxCounts. */
export const SYNC_CHANGED = 'sync-changed';

const NO_COUNTS: OutboxCounts = { waiting: 0, sending: 0, failed: 0, conflict: 0 };

let counts = $state<OutboxCounts>(NO_COUNTS);
// Bumped by every new set of counts: a read that started before one must not undo it.
let version = 0;

export const syncState = {
  get counts(): OutboxCounts {
    return counts;
  },
  /** Failed and conflicting entries: they wait for a person to retry or cancel them. */
  get needsPerson(): number {
    return counts.failed + counts.conflict;
  },
};

/** Newer counts (from a sync_status read or the event). */
export function setSyncCounts(next: OutboxCounts): void {
  version++;
  counts = { ...next };
}

/** Reads the counts again; keeps the last ones when the core cannot answer. */
export async function refreshSyncCounts(): Promise<void> {
  const mine = ++version;
  try {
    const status = await api.syncStatus();
    if (mine === version) counts = status.counts;
  } catch {
    // A hint only: the next event brings them.
  }
}

/** Forgets the counts, reads them and follows the event. Returns the function that stops. */
export function startSyncState(): () => void {
  counts = NO_COUNTS;
  void refreshSyncCounts();
  const unlisten = listen<OutboxCounts>(SYNC_CHANGED, (event) => {
    setSyncCounts(event.payload);
    // A run may have brought another PC's post for review, or an approval made elsewhere.
    void refreshReviewCounts();
  }).catch(() => null);
  return () => void unlisten.then((stop) => stop?.());
}
