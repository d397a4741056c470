import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildCsp } from '../../../src/main/security/csp';
import { assertSecureWebPreferences } from '../../../src/main/electron/webPreferences';
import { WINDOW_OPTIONS, createMainWindow, type BrowserWindowCtor } from '../../../src/main/electron/mainWindow';

describe('every window', () => {
  it.each(WINDOW_OPTIONS.map((w) => [w.name, w] as const))('%s window has the secure webPreferences', (_name, w) => {
    const prefs = w.options('/app/preload/index.cjs').webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.webSecurity).not.toBe(false);
    expect(prefs.allowRunningInsecureContent).not.toBe(true);
    expect(prefs.webviewTag).not.toBe(true);
    expect(() => assertSecureWebPreferences(prefs)).not.toThrow();
  });

  it('the guard refuses weakened preferences', () => {
    expect(() => assertSecureWebPreferences({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: false })).toThrow(/webSecurity/);
    expect(() => assertSecureWebPreferences({ contextIsolation: true, sandbox: false, nodeIntegration: false })).toThrow(/sandbox/);
    expect(() => assertSecureWebPreferences({ contextIsolation: false, sandbox: true, nodeIntegration: false })).toThrow(/contextIsolation/);
    expect(() => assertSecureWebPreferences({ contextIsolation: true, sandbox: true, nodeIntegration: true })).toThrow(/nodeIntegration/);
  });
});

describe('the main window', () => {
  // A recording stand-in for BrowserWindow: the real one needs the Electron binary.
  function fakeWindow() {
    const created: BrowserWindowConstructorOptions[] = [];
    const listeners = new Map<string, (...args: unknown[]) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | null = null;
    let loaded = '';
    class FakeWindow {
      public webContents = {
        setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
        on: (name: string, fn: (...args: unknown[]) => void) => listeners.set(name, fn),
      };
      public constructor(opts: BrowserWindowConstructorOptions) {
        created.push(opts);
      }
      public once(): void {}
      public loadURL(url: string): Promise<void> {
        loaded = url;
        return Promise.resolve();
      }
    }
    return { Ctor: FakeWindow as unknown as BrowserWindowCtor, created, listeners, open: () => openHandler, loaded: () => loaded };
  }

  it('loads app://, denies popups, navigation away and webviews', () => {
    const fake = fakeWindow();
    createMainWindow(fake.Ctor, '/p/index.cjs');
    expect(fake.created).toHaveLength(1);
    expect(fake.created[0]!.webPreferences?.sandbox).toBe(true);
    expect(fake.loaded()).toBe('app://workstation/index.html');
    expect(fake.open()!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const navigate = (url: string): boolean => {
      let prevented = false;
      fake.listeners.get('will-navigate')!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('app://workstation.evil.example/')).toBe(true);
    expect(navigate('app://workstation/index.html#x')).toBe(false);
    let webviewPrevented = false;
    fake.listeners.get('will-attach-webview')!({ preventDefault: () => (webviewPrevented = true) });
    expect(webviewPrevented).toBe(true);
  });
});

describe('the content security policy', () => {
  it('allows no eval, no inline script, no remote content, no framing', () => {
    const csp = buildCsp({ connect: ['https://mlflow.example'] });
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' https://mlflow.example");
  });
});
