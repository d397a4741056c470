/**
 * The main window. BrowserWindow is passed in, so a test can create the window with a recording fake
 * and check its webPreferences and handlers without the Electron binary.
 */
import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions } from 'electron';
import { APP_START_URL, isAppUrl } from '../security/appOrigin';
import { assertSecureWebPreferences, secureWebPreferences } from './webPreferences';

export type BrowserWindowCtor = new (options: BrowserWindowConstructorOptions) => BrowserWindowType;

/** The page's background before it paints (app.css --bg), so a dark system does not flash a light window. */
export const WINDOW_BACKGROUND = { light: '#f6f7f9', dark: '#12171c' } as const;

export function mainWindowOptions(preloadPath: string, dark = false): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'UOS Drilling Workstation',
    backgroundColor: dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export function createMainWindow(BrowserWindow: BrowserWindowCtor, preloadPath: string, dark = false): BrowserWindowType {
  const options = mainWindowOptions(preloadPath, dark);
  assertSecureWebPreferences(options.webPreferences);
  const win = new BrowserWindow(options);
  const wc = win.webContents;
  // No popups, no navigation away from our origin, no <webview>.
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  wc.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_START_URL);
  return win;
}

/** Every window factory of the app, so the security test can check them all. */
export const WINDOW_OPTIONS: ReadonlyArray<{ name: string; options: (preload: string) => BrowserWindowConstructorOptions }> = [
  { name: 'main', options: mainWindowOptions },
];
