/**
 * The one place that decides a window's webPreferences. Every window is created through it, and a unit
 * test checks the result, so the secure baseline cannot be switched off quietly.
 */
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** Throws when preferences fall short of the baseline (used by tests and at window creation). */
export function assertSecureWebPreferences(prefs: WebPreferences | undefined): void {
  const problems: string[] = [];
  if (!prefs) problems.push('no webPreferences');
  else {
    if (prefs.contextIsolation !== true) problems.push('contextIsolation must be true');
    if (prefs.sandbox !== true) problems.push('sandbox must be true');
    if (prefs.nodeIntegration !== false) problems.push('nodeIntegration must be false');
    if (prefs.webSecurity === false) problems.push('webSecurity must not be false');
    if (prefs.allowRunningInsecureContent === true) problems.push('allowRunningInsecureContent must not be true');
    if (prefs.webviewTag === true) problems.push('webviewTag must not be true');
  }
  if (problems.length) throw new Error(`insecure window: ${problems.join(', ')}`);
}
