// Who is at the keyboard in this window, the profiles there are, and the navigation's counts.
// The shell keeps the chosen profile (the page never names the actor of a command); this module
// only mirrors it so that every area can show it and react when it changes.
import { api, toErrorReport, type ErrorReport } from '../lib/ipc/client';
import type { Actor, ReviewCounts, UserSummary } from '../lib/ipc/types';

const NO_COUNTS: ReviewCounts = { waiting_for_me: 0, returned_to_me: 0, returned_posts: 0, returned_albums: 0 };

/** How often the counts are read again while the window is open. */
export const COUNTS_EVERY_MS = 60_000;

let actor = $state<Actor | null>(null);
/** Null until first read. */
let users = $state<UserSummary[] | null>(null);
let counts = $state<ReviewCounts>(NO_COUNTS);
/** Why the profiles could not be read, when they could not. */
let problem = $state<ErrorReport | null>(null);
// Only the newest counts request may set the counts (a switch can overtake a slow refresh).
let countsRequest = 0;

async function refreshCounts(): Promise<void> {
  const request = ++countsRequest;
  if (!actor) {
    counts = NO_COUNTS;
    return;
  }
  try {
    const next = await api.reviewCounts();
    if (request === countsRequest) counts = next;
  } catch {
    // Counts are a hint: keep the last ones; the next refresh tries again.
  }
}

async function refreshUsers(): Promise<void> {
  users = await api.userList();
}

export const session = {
  /** The profile this window acts as; null until one is chosen. */
  get actor(): Actor | null {
    return actor;
  },
  /** Every profile on this computer (null until read). */
  get users(): UserSummary[] | null {
    return users;
  },
  /** True once a profile exists: sending and reviewing then need one chosen. */
  get hasProfiles(): boolean {
    return (users?.length ?? 0) > 0;
  },
  get isSupervisor(): boolean {
    return actor?.roles.includes('supervisor') ?? false;
  },
  /** Editor or photographer: may send their own work for review. */
  get isMaker(): boolean {
    return actor?.roles.some((r) => r === 'editor' || r === 'photographer') ?? false;
  },
  /** Waiting for my review (supervisor) and returned to me (changes requested). */
  get counts(): ReviewCounts {
    return counts;
  },
  get problem(): ErrorReport | null {
    return problem;
  },

  /** Reads the current profile and the profiles, then the counts. Never rejects. */
  async load(): Promise<void> {
    try {
      const [current, list] = await Promise.all([api.userCurrent(), api.userList()]);
      actor = current;
      users = list;
      problem = null;
    } catch (e) {
      problem = toErrorReport(e);
    }
    await refreshCounts();
  },

  refreshUsers,
  refreshCounts,

  /** Acts as profile `name` from now on; rejects with the core's ErrorReport (e.g. wrong_password). */
  async switchTo(name: string, password: string | null): Promise<Actor> {
    const next = await api.userSwitch(name, password);
    actor = next;
    await refreshCounts();
    return next;
  },

  async signOut(): Promise<void> {
    await api.userSignOut();
    actor = null;
    await refreshCounts();
  },
};

/** Reads the counts again: call after any review step. */
export function refreshReviewCounts(): Promise<void> {
  return refreshCounts();
}

/** Forgets everything (a new window, or a test), then loads; the counts follow every minute.
 * Returns the function that stops the refreshing. */
export function startSession(): () => void {
  resetSession();
  void session.load();
  const timer = setInterval(() => void refreshCounts(), COUNTS_EVERY_MS);
  return () => clearInterval(timer);
}

/** For tests: back to the state before the window opened. */
export function resetSession(): void {
  actor = null;
  users = null;
  counts = NO_COUNTS;
  problem = null;
  countsRequest++;
}
