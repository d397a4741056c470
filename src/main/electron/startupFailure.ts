/**
 * What the desktop app tells the user when it cannot start, decided apart from Electron so it can be tested
 * without the Electron binary: index.ts shows it with dialog.showErrorBox and quits with the exit code.
 * Without this, a failed start was an unhandled rejection and no window: the app seemed never to open.
 */
import { CatalogOpenError } from '../db/catalogOpenError';

export interface StartupFailure {
  title: string;
  /** The whole story for the error box: what failed, naming the file, and what to do. */
  message: string;
  exitCode: number;
}

/** Like `udw`'s "could not run": whoever launched the app (a script, a desktop session) sees it failed. */
export const EXIT_STARTUP_FAILED = 1;

export function describeStartupFailure(err: unknown): StartupFailure {
  if (err instanceof CatalogOpenError) {
    // Its message already names the file and how to recover (catalogOpenError.ts); repeating it would only add noise.
    return { title: 'The catalog cannot be opened', message: err.message, exitCode: EXIT_STARTUP_FAILED };
  }
  const what = err instanceof Error ? err.stack ?? `${err.name}: ${err.message}` : `a non-Error value was thrown: ${describeValue(err)}`;
  return {
    title: 'UOS Drilling Workstation could not start',
    message: `The app stopped while starting, before its window opened.\n\n${what}\n\nRun \`udw doctor\` to check the installation; if this persists, report it with this text.`,
    exitCode: EXIT_STARTUP_FAILED,
  };
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
