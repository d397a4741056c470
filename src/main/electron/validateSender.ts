/**
 * Every IPC request must come from the main frame of our own app:// page (Electron security checklist
 * item 17; VS Code's validatedIpcMain). A frame from anywhere else is refused before any handler runs.
 */
import { isAppUrl } from '../security/appOrigin';

export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

export function isTrustedSender(frame: SenderFrameLike | null | undefined): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
