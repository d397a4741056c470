import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createAnnotateStore, type AnnotateStore } from '../../../src/renderer/state/annotateStore';
import { formatDeepLink, parseDeepLink, tokenOfDeepLink } from '../../../src/renderer/state/deepLink';
import { startDeepLinks } from '../../../src/renderer/state/deepLinkSync';
import type { Section } from '../../../src/renderer/state/navStore';

describe('parseDeepLink', () => {
  it('reads a file with a depth range, a file alone and a section', () => {
    expect(parseDeepLink('#/annotate/12?from=12.5&to=18')).toEqual({ ok: true, link: { section: 'annotate', fileId: 12, range: [12.5, 18] } });
    expect(parseDeepLink('#/annotate/7')).toEqual({ ok: true, link: { section: 'annotate', fileId: 7, range: null } });
    expect(parseDeepLink('/catalog')).toEqual({ ok: true, link: { section: 'catalog', fileId: null, range: null } });
    expect(parseDeepLink('#/annotate/3?from=-1&to=0.25')).toEqual({ ok: true, link: { section: 'annotate', fileId: 3, range: [-1, 0.25] } });
  });

  it('takes no view from an empty fragment or the host’s #token=…, and ignores a token riding along', () => {
    expect(parseDeepLink('')).toEqual({ ok: true, link: null });
    expect(parseDeepLink('#')).toEqual({ ok: true, link: null });
    expect(parseDeepLink('#token=abc123')).toEqual({ ok: true, link: null });
    expect(parseDeepLink('#/')).toEqual({ ok: true, link: null });
    expect(parseDeepLink('#/annotate/4?from=1&to=2&token=abc')).toEqual({ ok: true, link: { section: 'annotate', fileId: 4, range: [1, 2] } });
  });

  it('reads the fragment the token reader leaves behind (percent-encoded path)', () => {
    // URLSearchParams.toString() of "/annotate/4?from=1&to=2" once `token` is taken out.
    expect(parseDeepLink('#%2Fannotate%2F4%3Ffrom=1&to=2')).toEqual({ ok: true, link: { section: 'annotate', fileId: 4, range: [1, 2] } });
    expect(parseDeepLink('#%2Fannotate%2F4')).toEqual({ ok: true, link: { section: 'annotate', fileId: 4, range: null } });
  });

  it.each([
    ['#/annotate/abc', "names file 'abc'"],
    ['#/annotate/0', "names file '0'"],
    ['#/annotate/5?from=3', 'only one end'],
    ['#/annotate/5?from=9&to=3', 'from=9 not below to=3'],
    ['#/annotate/5?from=x&to=3', 'not a number'],
    ['#/annotate/5?zoom=2', 'parameter it does not know (zoom)'],
    ['#/annotate?from=1&to=2', 'no file id'],
    ['#/annotate/5/extra', 'more after the file id'],
    ['#/nowhere', "no section 'nowhere'"],
    ['#/catalog/5', 'more after #/catalog'],
    ['#annotate/5', 'does not start with #/'],
    ['#/annotate/%E0%A4%A', 'malformed % escape'],
  ])('refuses %s, saying what is wrong and what is expected', (hash, why) => {
    const parsed = parseDeepLink(hash);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain(why);
    expect(parsed.error).toContain('expected #/annotate/<file id>?from=<depth mm>&to=<depth mm>');
  });
});

it('never quotes the access token in its message', () => {
  for (const hash of ['#/annotate/x?token=SECRET', '#/annotate/x?from=1&token=SECRET&to=2', '#/nowhere?token=SECRET&from=1']) {
    const parsed = parseDeepLink(hash);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).not.toContain('SECRET');
  }
  const parsed = parseDeepLink('#/annotate/x?from=1&token=SECRET&to=2');
  expect(!parsed.ok && parsed.error).toContain("'#/annotate/x?from=1&to=2'");
});

describe('formatDeepLink', () => {
  it('round-trips through parseDeepLink, to the micrometre, never with a token', () => {
    const link = { section: 'annotate' as const, fileId: 12, range: [12.5, 18.123456] as [number, number] };
    const text = formatDeepLink(link);
    expect(text).toBe('#/annotate/12?from=12.5&to=18.123');
    expect(parseDeepLink(text)).toEqual({ ok: true, link: { ...link, range: [12.5, 18.123] } });
    expect(formatDeepLink({ section: 'annotate', fileId: 3, range: null })).toBe('#/annotate/3');
    expect(formatDeepLink({ section: 'settings', fileId: null, range: null })).toBe('#/settings');
    // A reversed range is written in order; a very deep zoom keeps six decimals so from < to still holds.
    expect(formatDeepLink({ section: 'annotate', fileId: 3, range: [2, 1] })).toBe('#/annotate/3?from=1&to=2');
    expect(formatDeepLink({ section: 'annotate', fileId: 3, range: [1.0001, 1.0003] })).toBe('#/annotate/3?from=1.0001&to=1.0003');
  });
});

// ---- the fragment and the view in step ----

interface Nav {
  section: Section;
  openFileId: number | null;
  notice: string | null;
  go: (section: Section) => void;
  openFile: (id: number) => void;
  setNotice: (notice: string | null) => void;
}

const navStore = (): StoreApi<Nav> =>
  createStore<Nav>()((set) => ({
    section: 'catalog',
    openFileId: null,
    notice: null,
    go: (section) => set({ section }),
    openFile: (id) => set({ openFileId: id, section: 'annotate' }),
    setNotice: (notice) => set({ notice }),
  }));

/** The address bar: what replaceState wrote, and how often. */
function addressBar(hash: string): { location: { pathname: string; search: string; hash: string }; history: { state: unknown; replaceState: (s: unknown, t: string, url: string) => void }; writes: string[] } {
  const writes: string[] = [];
  const location = { pathname: '/', search: '', hash };
  const history = {
    state: null,
    replaceState: (_s: unknown, _t: string, url: string) => {
      writes.push(url);
      location.hash = url.slice(url.indexOf('#'));
    },
  };
  return { location, history, writes };
}

/** What annotateActions.openFile does to the store when it starts and when it has loaded (or failed). */
function openInStore(store: AnnotateStore, fileId: number, error: string | null = null): void {
  store.setState({ fileId, viewRange: null, loading: true, loadError: null });
  store.setState({ loading: false, loadError: error });
}

describe('startDeepLinks', () => {
  let annotate: AnnotateStore;
  let nav: StoreApi<Nav>;
  let stop: () => void = () => undefined;
  beforeEach(() => {
    vi.useFakeTimers();
    annotate = createAnnotateStore();
    nav = navStore();
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('opens the linked file and, once the store holds it, its depth range (in depth mode)', () => {
    const bar = addressBar('#/annotate/9?from=12.5&to=18&token=secret');
    annotate.setState({ view: { xMode: 'index', total: false, extras: [] } });
    stop = startDeepLinks({ nav, annotate, initialHash: bar.location.hash, location: bar.location, history: bar.history });
    expect(nav.getState()).toMatchObject({ section: 'annotate', openFileId: 9 });
    expect(annotate.getState().viewRange).toBeNull();
    openInStore(annotate, 9);
    expect(annotate.getState().viewRange).toEqual([12.5, 18]);
    expect(annotate.getState().view.xMode).toBe('depth');
    vi.runAllTimers();
    expect(bar.location.hash).toBe('#/annotate/9?from=12.5&to=18');
    expect(bar.writes.join(' ')).not.toContain('secret');
    expect(nav.getState().notice).toBeNull();
  });

  it('follows navigation and zoom with replaceState, at most once per interval and ending on the last state', () => {
    const bar = addressBar('#token=secret');
    stop = startDeepLinks({ nav, annotate, initialHash: bar.location.hash, location: bar.location, history: bar.history, throttleMs: 250 });
    expect(bar.location.hash).toBe('#/catalog');
    vi.advanceTimersByTime(300);
    nav.getState().openFile(4);
    openInStore(annotate, 4);
    expect(bar.location.hash).toBe('#/annotate/4');
    const before = bar.writes.length;
    // A burst of zoom steps inside one interval: one more write, with the last range.
    for (let k = 1; k <= 20; k++) annotate.setState({ viewRange: [1, 10 - k * 0.1] });
    expect(bar.writes.length).toBe(before);
    vi.advanceTimersByTime(250);
    expect(bar.writes.length).toBe(before + 1);
    expect(bar.location.hash).toBe('#/annotate/4?from=1&to=8');
    vi.advanceTimersByTime(1000);
    nav.getState().go('settings');
    vi.runAllTimers();
    expect(bar.location.hash).toBe('#/settings');
    expect(bar.writes.every((u) => !u.includes('token'))).toBe(true);
  });

  it('shows the catalog with a message for a malformed link', () => {
    const bar = addressBar('#/annotate/banana?from=1&to=2');
    nav.setState({ section: 'annotate', openFileId: 3 });
    stop = startDeepLinks({ nav, annotate, initialHash: bar.location.hash, location: bar.location, history: bar.history });
    expect(nav.getState().section).toBe('catalog');
    expect(nav.getState().notice).toContain("names file 'banana'");
    expect(nav.getState().notice).toContain('Showing the catalog.');
    vi.runAllTimers();
    expect(bar.location.hash).toBe('#/catalog');
  });

  it('shows the catalog with a message when the linked file cannot be opened', () => {
    const bar = addressBar('#/annotate/999?from=1&to=2');
    stop = startDeepLinks({ nav, annotate, initialHash: bar.location.hash, location: bar.location, history: bar.history });
    openInStore(annotate, 999, 'no file with id 999 in the catalog');
    expect(nav.getState().section).toBe('catalog');
    expect(nav.getState().notice).toBe("The link '#/annotate/999?from=1&to=2' names file 999, which could not be opened (no file with id 999 in the catalog). Showing the catalog.");
  });

  it('follows a fragment edited by hand (hashchange), also to a new range of the open file', () => {
    const bar = addressBar('#/annotate/5');
    const events = new EventTarget();
    stop = startDeepLinks({ nav, annotate, initialHash: bar.location.hash, location: bar.location, history: bar.history, events });
    openInStore(annotate, 5);
    bar.location.hash = '#/annotate/5?from=2&to=3';
    events.dispatchEvent(new Event('hashchange'));
    expect(annotate.getState().viewRange).toEqual([2, 3]);
    bar.location.hash = '#/annotate/6';
    events.dispatchEvent(new Event('hashchange'));
    expect(nav.getState().openFileId).toBe(6);
    bar.location.hash = '#/oops';
    events.dispatchEvent(new Event('hashchange'));
    expect(nav.getState()).toMatchObject({ section: 'catalog' });
    expect(nav.getState().notice).toContain("no section 'oops'");
  });
});

describe('tokenOfDeepLink', () => {
  it('finds the token in a deep link wherever it stands, and nowhere else', () => {
    expect(tokenOfDeepLink('#/annotate/4?token=abc')).toBe('abc');
    expect(tokenOfDeepLink('#/annotate/4?from=1&to=2&token=a%2Bb')).toBe('a+b');
    expect(tokenOfDeepLink('#/annotate/4?from=1&to=2')).toBeNull();
    expect(tokenOfDeepLink('#token=abc')).toBeNull();
    expect(tokenOfDeepLink('')).toBeNull();
  });
});
