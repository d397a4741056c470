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
import { selectVisible } from '../../state/catalogStore';
import { bindingIndex, NUDGE_COARSE_MM, NUDGE_FINE_MM, type Keymap, type ViewAction } from '../../state/keymap';
import { neighbourFile, nextUnlabelled } from '../catalog/catalogModel';
import { panRange, zoomRange } from '../plot/viewMath';

export interface KeyContext {
  api: AppApi;
  annotate: AnnotateStore;
  catalog: CatalogStore;
  keymap: Keymap;
  /** Navigate to another file (the nav store's openFile). */
  openFile: (id: number) => void;
  /** Focus the control of an attribute class (its hotkey jumps there). */
  focusAttribute?: (classId: string) => void;
}

/** Where a point goes when its key is pressed: under the mouse, else the middle of what is shown. */
export function placementDepth(annotate: AnnotateStore): number | null {
  const s = annotate.getState();
  if (s.cursorDepth !== null) return s.cursorDepth;
  if (s.view.xMode === 'depth' && s.viewRange) return (s.viewRange[0] + s.viewRange[1]) / 2;
  const f = s.detail?.file;
  if (f && f.depthMin !== null && f.depthMax !== null) return (f.depthMin + f.depthMax) / 2;
  return null;
}

function goTo(ctx: KeyContext, pick: 'next' | 'prev' | 'unlabelled'): void {
  const order = selectVisible(ctx.catalog.getState());
  const current = ctx.annotate.getState().fileId;
  const target = pick === 'unlabelled' ? nextUnlabelled(order, current) : neighbourFile(order, current, pick === 'next' ? 1 : -1);
  if (target) {
    ctx.catalog.setState({ cursorId: target.id });
    ctx.openFile(target.id);
  }
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
      void P.acceptSelected(annotate, api);
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
      goTo(ctx, 'next');
      return;
    case 'prevFile':
    case 'prevFileAlt':
      goTo(ctx, 'prev');
      return;
    case 'nextUnlabelled':
      goTo(ctx, 'unlabelled');
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
      const next = zoomRange(s.viewRange, s.dataExtent, action === 'zoomIn' ? 0.5 : 2, centre);
      const full = next[0] <= s.dataExtent[0] && next[1] >= s.dataExtent[1];
      annotate.setState({ viewRange: full ? null : next });
      return;
    }
    case 'resetZoom':
      annotate.setState({ viewRange: null });
      return;
    case 'help':
      annotate.setState({ helpOpen: !s.helpOpen });
      return;
    case 'cancel':
      A.cancel(annotate);
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
  if (depth === null) return;
  if (cls.kind === 'point') void A.placePoint(ctx.annotate, ctx.api, classId, depth);
  else void A.rangeKey(ctx.annotate, ctx.api, classId, depth);
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(type);
  }
  return el.isContentEditable === true;
}

function isControl(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return ['button', 'a', 'summary', 'input'].includes(el.tagName.toLowerCase());
}

/**
 * Handle a keydown of the annotation view. Returns true when the key was ours (the caller then prevents the
 * browser's default). Keys typed into a text field belong to the field, except Escape, which leaves it.
 */
export function handleKeyDown(e: KeyLike & { target: EventTarget | null; repeat?: boolean }, ctx: KeyContext): boolean {
  const hotkey = hotkeyFromKeyboardEvent(e);
  if (!hotkey) return false;
  if (isTyping(e.target)) {
    if (hotkey === 'escape') {
      (e.target as HTMLElement).blur?.();
      return true;
    }
    return false;
  }
  // Tab, Enter and Space on a button or link keep their usual meaning (focus moves, activation).
  if (['tab', 'shift+tab', 'enter', 'space'].includes(hotkey) && isControl(e.target)) return false;
  const s = ctx.annotate.getState();
  const binding = bindingIndex(ctx.keymap, s.schema?.classes ?? []).get(hotkey);
  if (!binding) return false;
  if (s.helpOpen && !(binding.kind === 'action' && (binding.action === 'help' || binding.action === 'cancel'))) return false;
  if (binding.kind === 'action') runAction(binding.action, ctx);
  else if (!e.repeat) runClassKey(binding.classId, ctx);
  return true;
}
