// Thin typed client over the Tauri commands of the Rust shell.
// Every function rejects with an ErrorReport (never anything else).
import { invoke } from '@tauri-apps/api/core';
import type {
  DiffPart,
  ErrorReport,
  Revision,
  Lang,
  NewPost,
  Post,
  PostEdit,
  PostSummary,
  Settings,
  Shelf,
  StoreInfo,
} from './types';

export type { ErrorReport };

export function isErrorReport(value: unknown): value is ErrorReport {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** Turns whatever a command threw into an ErrorReport (code 'unknown' when it was not one). */
export function toErrorReport(value: unknown): ErrorReport {
  if (isErrorReport(value)) return { code: value.code, message: value.message };
  if (value instanceof Error) return { code: 'unknown', message: value.message };
  if (typeof value === 'string') return { code: 'unknown', message: value };
  let message = '';
  try {
    message = JSON.stringify(value) ?? '';
  } catch {
    message = String(value);
  }
  return { code: 'unknown', message };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toErrorReport(error);
  }
}

export const api = {
  postList: (shelf: Shelf) => call<PostSummary[]>('post_list', { shelf }),
  postGet: (id: number) => call<Post>('post_get', { id }),
  postCreate: (newPost: NewPost) => call<Post>('post_create', { new: newPost }),
  postEdit: (edit: PostEdit) => call<Post>('post_edit', { edit }),
  postMoveToBin: (id: number) => call<Post>('post_move_to_bin', { id }),
  postRestore: (id: number) => call<Post>('post_restore', { id }),
  postImportFile: () => call<Post | null>('post_import_file'),
  settingsGet: () => call<Settings>('settings_get'),
  settingsSetLanguage: (language: Lang) => call<Settings>('settings_set_language', { language }),
  storeInfo: () => call<StoreInfo>('store_info'),
  postCategories: () => call<string[]>('post_categories'),
  postHistory: (id: number) => call<Revision[]>('post_history', { id }),
  postSaveVersion: (id: number, label: string) => call<Revision>('post_save_version', { id, label }),
  revisionDiff: (from: number, to: number) => call<DiffPart[]>('revision_diff', { from, to }),
  revisionRestore: (id: number) => call<Post>('revision_restore', { id }),
  settingsSetDefaultSignature: (signature: string) =>
    call<Settings>('settings_set_default_signature', { signature }),
  appReady: () => call<null>('app_ready'),
  appQuit: () => call<null>('app_quit'),
};
