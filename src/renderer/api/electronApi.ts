/** The only file that knows about `window.api`, which the Electron preload exposes. */
import type { AppApi } from '../../shared/api/contract';

declare global {
  interface Window {
    api?: AppApi;
  }
}

export function electronApi(): AppApi | null {
  return window.api ?? null;
}
