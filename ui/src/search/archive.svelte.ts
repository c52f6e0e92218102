// The portal's archive kept on this computer: what it holds, and the pull that brings it (page by
// page, told by the shell's `archive-progress` events). The pull lives here rather than in the
// panel so that it goes on, and is still shown, when the editor leaves the Tìm kiếm area and comes
// back; its listener is there only while it runs.
import { listen } from '@tauri-apps/api/event';
import { api, toErrorReport, type ErrorReport } from '../lib/ipc/client';
import type { ArchiveStatus } from '../lib/ipc/types';
import type { ArchiveProgress, ArchiveReport } from '../lib/ipc/portal';
import { errors } from '../lib/errors.svelte';

export const ARCHIVE_PROGRESS = 'archive-progress';

type Pull = {
  /** Null until the first page was read. */
  progress: ArchiveProgress | null;
  /** "Dừng" was pressed: the shell stops after the page it is reading. */
  stopping: boolean;
};

let status = $state<ArchiveStatus | null>(null);
let pull = $state<Pull | null>(null);
let report = $state<ArchiveReport | null>(null);
let problem = $state<ErrorReport | null>(null);
// Bumped when a pull ends: the search reads its results again.
let generation = $state(0);
// Only the newest status read may fill `status`; a reset forgets a pull still under way.
let statusRequest = 0;
let run = 0;

export const archive = {
  get status(): ArchiveStatus | null {
    return status;
  },
  get pull(): Pull | null {
    return pull;
  },
  /** What the last pull did (null while one runs, and before the first). */
  get report(): ArchiveReport | null {
    return report;
  },
  /** Why the last pull could not go on. */
  get problem(): ErrorReport | null {
    return problem;
  },
  get generation(): number {
    return generation;
  },
};

export async function refreshArchiveStatus(): Promise<void> {
  const mine = ++statusRequest;
  try {
    const next = await api.archiveStatus();
    if (mine === statusRequest) status = next;
  } catch (e) {
    if (mine === statusRequest) errors.show(e);
  }
}

/** Pulls the archive (from where the last pull stopped); one at a time. */
export async function pullArchive(): Promise<void> {
  if (pull) return;
  const mine = ++run;
  pull = { progress: null, stopping: false };
  report = null;
  problem = null;
  const stop = await listen<ArchiveProgress>(ARCHIVE_PROGRESS, (event) => {
    if (mine === run && pull) pull.progress = event.payload;
  }).catch(() => null);
  try {
    const done = await api.archivePull();
    if (mine === run) report = done;
  } catch (e) {
    if (mine === run) problem = toErrorReport(e);
  } finally {
    stop?.();
  }
  if (mine !== run) return;
  pull = null;
  generation++;
  await refreshArchiveStatus();
}

/** "Dừng": the pull ends after the page it is reading (what was read is kept). */
export async function stopArchivePull(): Promise<void> {
  const current = pull;
  if (!current || current.stopping) return;
  current.stopping = true;
  try {
    await api.archiveCancel();
  } catch (e) {
    current.stopping = false;
    errors.show(e);
  }
}

/** Forgets everything (tests: a pull left running by one test is not the next one's). */
export function resetArchiveState(): void {
  run++;
  statusRequest++;
  status = null;
  pull = null;
  report = null;
  problem = null;
}
