/**
 * Keeps the browser host's URL fragment and the view in step (formats in deepLink.ts):
 * - at start (and when the user edits the fragment: `hashchange`) a link opens its section or file, and the
 *   file at its depth range once the annotation store has opened it;
 * - a link that cannot be followed (bad format, no such file) says why in the app's notice and shows the
 *   catalog instead;
 * - afterwards every navigation, zoom and pan rewrites the fragment with `history.replaceState` (no history
 *   entry per zoom step), at most once per `throttleMs` and always with the last state. The fragment is
 *   made from the view alone, so the access token never comes back into the address bar.
 */
import type { StoreApi } from 'zustand';
import type { AnnotateStore } from './annotateStore';
import { formatDeepLink, parseDeepLink, type DeepLink } from './deepLink';
import type { Section } from './navStore';

/** What this module needs of the navigation store (useNav). */
interface NavLike {
  section: Section;
  openFileId: number | null;
  go: (section: Section) => void;
  openFile: (id: number) => void;
  setNotice: (notice: string | null) => void;
}

export interface DeepLinkDeps {
  nav: Pick<StoreApi<NavLike>, 'getState' | 'subscribe'>;
  annotate: AnnotateStore;
  /** The page's fragment as it was before anything (the token reader) rewrote it. */
  initialHash: string;
  location: Pick<Location, 'pathname' | 'search' | 'hash'>;
  history: Pick<History, 'replaceState' | 'state'>;
  /** Where `hashchange` is heard (window); none in tests that do not need it. */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  throttleMs?: number;
}

/** A link being followed: its range waits until the annotation store holds the file. */
interface Pending {
  fileId: number;
  range: [number, number] | null;
  applied: boolean;
  /** The fragment as given, for the message if the file cannot be opened. */
  text: string;
}

export function startDeepLinks(deps: DeepLinkDeps): () => void {
  const { nav, annotate } = deps;
  const throttleMs = deps.throttleMs ?? 250;
  let pending: Pending | null = null;

  function refuse(message: string): void {
    pending = null;
    nav.getState().setNotice(message);
    nav.getState().go('catalog');
  }

  /** Sets the range once the store holds the file (openFile resets the view when it starts). */
  function applyPendingRange(): void {
    const p = pending;
    const s = annotate.getState();
    if (!p || p.applied || s.fileId !== p.fileId) return;
    p.applied = true;
    // Link depths are depths: show them in depth mode whatever the mode was.
    if (p.range) annotate.setState({ viewRange: p.range, view: { ...s.view, xMode: 'depth' } });
  }

  function follow(hash: string): void {
    const parsed = parseDeepLink(hash);
    if (!parsed.ok) return refuse(`${parsed.error} Showing the catalog.`);
    const link = parsed.link;
    if (!link) return;
    nav.getState().setNotice(null);
    if (link.section !== 'annotate' || link.fileId === null) {
      pending = null;
      nav.getState().go(link.section);
      return;
    }
    pending = { fileId: link.fileId, range: link.range, applied: false, text: formatDeepLink(link) };
    if (nav.getState().openFileId === link.fileId && annotate.getState().fileId === link.fileId) {
      // Already open (an edited fragment, same file): only the range changes.
      nav.getState().go('annotate');
      applyPendingRange();
      pending = null;
      return;
    }
    nav.getState().openFile(link.fileId);
  }

  const offAnnotate = annotate.subscribe((s) => {
    applyPendingRange();
    const p = pending;
    if (!p || !p.applied || s.fileId !== p.fileId || s.loading) return;
    pending = null;
    if (s.loadError) refuse(`The link '${p.text}' names file ${p.fileId}, which could not be opened (${s.loadError}). Showing the catalog.`);
  });

  // ---- the fragment follows the view ----

  function fragmentNow(): string | null {
    // While a link's range waits for its file, the fragment keeps saying what was asked for.
    if (pending && !pending.applied) return null;
    const n = nav.getState();
    const s = annotate.getState();
    const link: DeepLink =
      n.section === 'annotate' && n.openFileId !== null
        ? { section: 'annotate', fileId: n.openFileId, range: s.fileId === n.openFileId && s.view.xMode === 'depth' ? s.viewRange : null }
        : { section: n.section, fileId: null, range: null };
    return formatDeepLink(link);
  }

  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastWrite = -Infinity;
  function write(): void {
    const fragment = fragmentNow();
    if (fragment === null || fragment === deps.location.hash) return;
    lastWrite = Date.now();
    deps.history.replaceState(deps.history.state, '', `${deps.location.pathname}${deps.location.search}${fragment}`);
  }
  /** Leading and trailing: the first change shows at once, a burst ends with its last state. */
  function schedule(): void {
    if (timer !== null) return;
    const wait = Math.max(0, lastWrite + throttleMs - Date.now());
    if (wait === 0) {
      write();
      // A burst that goes on is written again once the interval is over.
      timer = setTimeout(() => {
        timer = null;
        write();
      }, throttleMs);
      return;
    }
    timer = setTimeout(() => {
      timer = null;
      write();
    }, wait);
  }

  const offNav = nav.subscribe(schedule);
  const offView = annotate.subscribe((s, prev) => {
    if (s.viewRange !== prev.viewRange || s.fileId !== prev.fileId || s.view.xMode !== prev.view.xMode) schedule();
  });

  const onHashChange = (): void => follow(deps.location.hash);
  deps.events?.addEventListener('hashchange', onHashChange);

  follow(deps.initialHash);
  schedule();

  return () => {
    offAnnotate();
    offNav();
    offView();
    deps.events?.removeEventListener('hashchange', onHashChange);
    if (timer !== null) clearTimeout(timer);
  };
}
