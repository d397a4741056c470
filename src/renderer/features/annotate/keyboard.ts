/**
 * Keyboard of the annotation view: a key press → a view action (remappable keymap) or a label class
 * (schema hotkey). Plain functions over the stores, so the whole keyboard is unit-testable without React.
 */
import type { AppApi } from '../../../shared/api/contract';
import { hotkeyFromKeyboardEvent, type KeyLike } from '../../../shared/labels/hotkeys';
import * as A from '../../state/annotateActions';
import * as P from '../../state/proposalActions';
import type { AnnotateStore } from '../../state/annotateStore';
import type { CatalogStore } from '../../state/catalogStore';
import { bindingIndex, displayHotkey, NUDGE_COARSE_MM, NUDGE_FINE_MM, type Keymap, type ViewAction } from '../../state/keymap';
import { dropsUnusedKey, keyOwner, openPicker } from './controlKeys';
import * as R from './reviewKeys';
import { compareStore, cycleReference, toggleOverlay, type CompareStore } from '../compare/compareStore';
import { goToMostUncertain } from '../models/uncertainNav';
import { panRange, zoomRange } from '../plot/viewMath';
import { crosshairInView, moveCrosshair, NO_CROSSHAIR_HINT, rulerKey } from '../plot/crosshairActions';
import { fitY } from '../plot/yFitActions';
import { zoomAroundSelected, zoomBack, zoomDrillingZone, zoomTo, zoomToStep } from '../plot/zoomActions';

export interface KeyContext {
  api: AppApi;
  annotate: AnnotateStore;
  catalog: CatalogStore;
  keymap: Keymap;
  /** Navigate to another file (the nav store's openFile). */
  openFile: (id: number) => void;
  /** Focus the control of an attribute class (its hotkey jumps there). */
  focusAttribute?: (classId: string) => void;
  /** The hole comparison (overlay, references); the app's store unless a test gives its own. */
  compare?: CompareStore;
  /** Say something to the user (the end of the list); null takes the message away. */
  notify?: (text: string | null) => void;
}

/** Where a point goes when its key is pressed: at the crosshair (mouse or keys) when it is in the view, else nowhere. */
export function placementDepth(annotate: AnnotateStore): number | null {
  return crosshairInView(annotate.getState())?.depth ?? null;
}

/** What the plot says when a key needs the crosshair and there is none in the view. */
function noCrosshairHint(ctx: KeyContext, what: string): string {
  return NO_CROSSHAIR_HINT(displayHotkey(ctx.keymap.cursorLeftFine), displayHotkey(ctx.keymap.cursorRightFine), what);
}

export function runAction(action: ViewAction, ctx: KeyContext): void {
  const { api, annotate } = ctx;
  const s = annotate.getState();
  switch (action) {
    case 'nudgeLeftFine':
      void A.nudgeSelected(annotate, api, -NUDGE_FINE_MM);
      return;
    case 'nudgeRightFine':
      void A.nudgeSelected(annotate, api, NUDGE_FINE_MM);
      return;
    case 'nudgeLeftCoarse':
      void A.nudgeSelected(annotate, api, -NUDGE_COARSE_MM);
      return;
    case 'nudgeRightCoarse':
      void A.nudgeSelected(annotate, api, NUDGE_COARSE_MM);
      return;
    case 'deleteLabel':
    case 'deleteLabelAlt':
      // A proposal is rejected (and the next one selected), a label deleted.
      void P.deleteSelectedAndMoveOn(annotate, api);
      return;
    case 'acceptProposal':
      // Accepts the selected proposal; with none selected it is confirm-and-next (the "Enter").
      void R.enterKey(ctx);
      return;
    case 'nextProposal':
      P.selectNeighbourProposal(annotate, 1);
      return;
    case 'prevProposal':
      P.selectNeighbourProposal(annotate, -1);
      return;
    case 'undo':
    case 'undoAlt':
      void A.undo(annotate, api);
      return;
    case 'redo':
    case 'redoAlt':
      void A.redo(annotate, api);
      return;
    case 'nextFile':
    case 'nextFileAlt':
      R.goToFile(ctx, 'next');
      return;
    case 'prevFile':
    case 'prevFileAlt':
      R.goToFile(ctx, 'prev');
      return;
    case 'nextUnlabelled':
      R.goToFile(ctx, 'unlabelled');
      return;
    case 'selectNextLabel':
      A.selectNeighbour(annotate, 1);
      return;
    case 'selectPrevLabel':
      A.selectNeighbour(annotate, -1);
      return;
    case 'panLeft':
    case 'panRight':
      if (s.dataExtent) annotate.setState({ viewRange: panRange(s.viewRange, s.dataExtent, action === 'panLeft' ? -0.25 : 0.25) });
      return;
    case 'zoomIn':
    case 'zoomOut': {
      if (!s.dataExtent) return;
      const centre = s.view.xMode === 'depth' ? s.cursorDepth : null;
      zoomTo(annotate, zoomRange(s.viewRange, s.dataExtent, action === 'zoomIn' ? 0.5 : 2, centre));
      return;
    }
    case 'resetZoom':
      zoomTo(annotate, null);
      return;
    case 'cursorLeftFine':
    case 'cursorRightFine':
    case 'cursorLeftCoarse':
    case 'cursorRightCoarse':
      moveCrosshair(annotate, action === 'cursorLeftFine' || action === 'cursorLeftCoarse' ? -1 : 1, action.endsWith('Coarse'));
      return;
    case 'zoomToStep':
      zoomToStep(annotate);
      return;
    case 'zoomDrillingZone':
      void zoomDrillingZone(annotate);
      return;
    case 'zoomAroundLabel':
      zoomAroundSelected(annotate, displayHotkey(ctx.keymap.selectNextLabel));
      return;
    case 'zoomBack':
      zoomBack(annotate);
      return;
    case 'fitY':
      void fitY(annotate);
      return;
    case 'ruler':
      rulerKey(annotate, noCrosshairHint(ctx, 'a ruler point'));
      return;
    case 'help':
      annotate.setState({ helpOpen: !s.helpOpen });
      return;
    case 'cancel':
      A.cancel(annotate);
      return;
    case 'toggleOverlay':
      toggleOverlay(ctx.compare ?? compareStore);
      return;
    case 'nextReference':
    case 'prevReference':
      cycleReference(ctx.compare ?? compareStore, action === 'nextReference' ? 1 : -1);
      return;
    case 'statusInProgress':
      void R.setStatus(ctx, 'in_progress');
      return;
    case 'statusLabelled':
      void R.setStatus(ctx, 'labelled');
      return;
    case 'statusReviewed':
      void R.setStatus(ctx, 'reviewed');
      return;
    case 'verdictGood':
      void R.toggleVerdict(ctx, 'good');
      return;
    case 'verdictAlgorithmError':
      void R.toggleVerdict(ctx, 'algorithm_error');
      return;
    case 'verdictLabellingError':
      void R.toggleVerdict(ctx, 'labelling_error');
      return;
    case 'verdictHardToSay':
      void R.toggleVerdict(ctx, 'hard_to_say');
      return;
    case 'confirmAndNext':
      void R.confirmAndNext(ctx);
      return;
    case 'nextMostUncertain':
      goToMostUncertain(ctx);
      return;
  }
}

/** A label class's hotkey: points are placed (or moved) at the cursor, ranges start/end there. */
export function runClassKey(classId: string, ctx: KeyContext): void {
  const s = ctx.annotate.getState();
  const cls = A.classOf(s, classId);
  if (!cls) return;
  if (cls.kind === 'attribute') {
    ctx.focusAttribute?.(classId);
    return;
  }
  const depth = placementDepth(ctx.annotate);
  if (depth === null) {
    ctx.annotate.setState({ plotHint: noCrosshairHint(ctx, 'a label') });
    return;
  }
  if (s.plotHint) ctx.annotate.setState({ plotHint: null });
  if (cls.kind === 'point') void A.placePoint(ctx.annotate, ctx.api, classId, depth);
  else void A.rangeKey(ctx.annotate, ctx.api, classId, depth);
}

/**
 * Handle a keydown of the annotation view. Returns true when the key was ours (the caller then prevents the
 * browser's default). Which keys a focused control keeps is one rule (controlKeys.ts): text fields keep every
 * key but Escape; selects, buttons and the rest never keep the navigation keys.
 */
export function handleKeyDown(e: KeyLike & { target: EventTarget | null; repeat?: boolean }, ctx: KeyContext): boolean {
  const hotkey = hotkeyFromKeyboardEvent(e);
  if (!hotkey) return false;
  const owner = keyOwner(e.target, hotkey);
  if (owner === 'control') return false;
  if (owner === 'leave') {
    (e.target as HTMLElement).blur?.();
    return true;
  }
  if (owner === 'open') {
    openPicker(e.target);
    return true;
  }
  const s = ctx.annotate.getState();
  const binding = bindingIndex(ctx.keymap, s.schema?.classes ?? []).get(hotkey);
  if (!binding) return dropsUnusedKey(e.target);
  if (s.helpOpen && !(binding.kind === 'action' && (binding.action === 'help' || binding.action === 'cancel'))) return false;
  // A message about the end of the list is about the last key; the next one takes it away.
  ctx.notify?.(null);
  // Label keys and decisions count once per press; a held key repeats only moves, nudges and navigation.
  if (e.repeat && (binding.kind === 'class' || R.ONCE_PER_PRESS.has(binding.action))) return true;
  if (binding.kind === 'action') runAction(binding.action, ctx);
  else runClassKey(binding.classId, ctx);
  return true;
}
