/** denyAllPermissions through a recording stand-in for Electron's session (the real one needs the binary). */
import type { Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { denyAllPermissions } from '../../../src/main/electron/permissions';

type RequestHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type CheckHandler = (webContents: unknown, permission: string, origin: string, details: unknown) => boolean;

function fakeSession() {
  const installed: { request: RequestHandler | null; check: CheckHandler | null } = { request: null, check: null };
  const session = {
    setPermissionRequestHandler: (h: RequestHandler | null) => (installed.request = h),
    setPermissionCheckHandler: (h: CheckHandler | null) => (installed.check = h),
  };
  return { session: session as unknown as Session, installed };
}

// Electron's permission names, the ones a page could plausibly ask for.
const PERMISSIONS = ['media', 'notifications', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'midi', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal', 'display-capture', 'hid', 'serial', 'usb', 'idle-detection', 'window-management', 'unknown'];

describe('denyAllPermissions', () => {
  it('installs both handlers', () => {
    const fake = fakeSession();
    denyAllPermissions(fake.session);
    expect(fake.installed.request).toBeTypeOf('function');
    expect(fake.installed.check).toBeTypeOf('function');
  });

  it.each(PERMISSIONS)('denies a request for %s, from our own origin too', (permission) => {
    const fake = fakeSession();
    denyAllPermissions(fake.session);
    const answers: boolean[] = [];
    fake.installed.request!({}, permission, (granted) => answers.push(granted), { requestingUrl: 'app://workstation/index.html' });
    // Answered once, synchronously, with no: a request left unanswered would hang the page's promise.
    expect(answers).toEqual([false]);
    expect(fake.installed.check!({}, permission, 'app://workstation', { requestingUrl: 'app://workstation/index.html' })).toBe(false);
    expect(fake.installed.check!(null, permission, 'https://evil.example', {})).toBe(false);
  });
});
