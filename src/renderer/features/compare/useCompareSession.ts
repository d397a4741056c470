/**
 * The comparison's life beside the open file: asks for its neighbours, keeps the reference and strip holes
 * loaded (references first; the strip only once the open file's own signals are in, so they never compete
 * with its first plot), keeps their labels fresh, makes the open file's own thumbnail and runs the overlay
 * pump. Mounted once by the compare bar.
 */
import { useEffect } from 'react';
import type { AppApi } from '../../../shared/api/contract';
import { annotateStore } from '../../state/annotateStore';
import { firstColumns } from '../plot/useSignalSet';
import { compareStore, openedFile, referencesOfState } from './compareStore';
import { startOverlayPump } from './overlayPump';
import { currentThumb, ReferenceSets } from './referenceSets';
import { stripTiles } from './references';

/** Holes shown on each side of the open one in the strip (and asked of catalog.neighbours). */
export const STRIP_PER_SIDE = 2;

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The holes to hold for `fileId`, in loading order: `hold` is the whole set (the references, then the rest of
 * the strip) once the open file's own signals are in; before that, `add` only the references the overlay
 * shows (the user asked for them), and nothing is handed back yet: the previous file's neighbours are often
 * this one's too. null while the open file's neighbours are not known.
 */
export function wantedHoles(fileId: number, signalsReady: number | null): { ids: number[]; release: boolean } | null {
  const c = compareStore.getState();
  if (c.fileId !== fileId || !c.neighbours) return null;
  const refs = referencesOfState(c).map((r) => r.fileId);
  if (signalsReady !== fileId) return { ids: c.overlayOn ? refs : [], release: false };
  const strip = stripTiles(c.neighbours, STRIP_PER_SIDE).flatMap((t) => (t.kind === 'hole' && t.hole.id !== null ? [t.hole.id] : []));
  return { ids: [...new Set([...refs, ...strip])], release: true };
}

export function useCompareSession(api: AppApi, fileId: number): void {
  useEffect(() => {
    openedFile(compareStore, fileId);
    let gone = false;
    api
      .invoke('catalog.neighbours', { fileId, before: STRIP_PER_SIDE, after: STRIP_PER_SIDE })
      .then((neighbours) => {
        if (!gone && compareStore.getState().fileId === fileId) compareStore.setState({ neighbours, neighboursError: null });
      })
      .catch((err: unknown) => {
        if (!gone) compareStore.setState({ neighboursError: errorText(err) });
      });
    return () => {
      gone = true;
    };
  }, [api, fileId]);

  useEffect(() => {
    // Each hole's drawn columns first, as the plot loads its own (the rest follows when the page is idle).
    const sets = new ReferenceSets(api, compareStore, undefined, () => firstColumns(annotateStore.getState().view));
    let key = '';
    let thumbFor: number | null = null;
    const update = (): void => {
      const a = annotateStore.getState();
      const current = compareStore.getState().fileId;
      if (current === null) return;
      // While a file loads there is no detail: the head stays the one last seen.
      const head = a.detail ? a.detail.file.headName : compareStore.getState().headName;
      if (head !== compareStore.getState().headName) compareStore.setState({ headName: head });
      const wanted = wantedHoles(current, a.signalsReady);
      if (wanted) {
        const next = `${wanted.release}:${wanted.ids.join(',')}`;
        if (next !== key) {
          key = next;
          if (wanted.release) sets.sync(wanted.ids);
          else sets.add(wanted.ids);
        }
      }
      if (a.signalsReady === current && thumbFor !== current) {
        thumbFor = current;
        currentThumb(current)
          .then((thumb) => {
            if (thumb && compareStore.getState().fileId === current) compareStore.setState({ currentThumb: { fileId: current, ...thumb } });
          })
          .catch(() => undefined);
      }
    };
    const offA = annotateStore.subscribe(update);
    const offC = compareStore.subscribe(update);
    const offLabels = api.on('labels.changed', ({ fileId: changed }) => {
      if (sets.holds(changed)) void sets.refreshLabels(changed);
    });
    update();
    return () => {
      offA();
      offC();
      offLabels();
      sets.dispose();
    };
  }, [api]);

  useEffect(() => startOverlayPump(annotateStore, compareStore), []);
}
