// The app-wide error area (role="alert") shows the latest error from any call.
import { toErrorReport, type ErrorReport } from './ipc/client';

let current = $state<ErrorReport | null>(null);

export const errors = {
  get current(): ErrorReport | null {
    return current;
  },
  show(error: unknown): void {
    current = toErrorReport(error);
  },
  clear(): void {
    current = null;
  },
};
