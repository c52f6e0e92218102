// Role names as the window writes them ("Biên tập viên", "Phóng viên ảnh", "Lãnh đạo duyệt bài").
import type { Role } from '../lib/ipc/types';
import { t, type MessageKey } from '../i18n/index.svelte';

export const ROLES: readonly Role[] = ['editor', 'photographer', 'supervisor'];

export function roleName(role: Role): string {
  return t(`users.role.${role}` as MessageKey);
}

/** The roles in the usual order, joined: "Biên tập viên, Lãnh đạo duyệt bài". */
export function rolesText(roles: readonly Role[]): string {
  return ROLES.filter((r) => roles.includes(r)).map(roleName).join(', ');
}
