/**
 * The row under the plot: the crosshair's depth and the values there, the ruler (toggle and readout: Δdepth
 * and Δcurrent per channel), zoom back and fit y, and what the plot has to say (no crosshair in the view…).
 * One line of fixed height, so the plot above never moves when its text changes.
 */
import { useEffect, useMemo, useState } from 'react';
import { annotateStore, useAnnotate, type RulerState } from '../../state/annotateStore';
import { displayHotkey } from '../../state/keymap';
import { usePrefs } from '../../state/prefsStore';
import { downsampleClient } from './downsampleClient';
import type { Panel } from './figure';
import { panelsOf } from './panels';
import { firstSampleAtOrBeyond, valuesAtSamples } from './plotValues';
import { rulerDepthDelta, signed, valueDeltas } from './ruler';
import { toggleRuler } from './crosshairActions';
import { fitY } from './yFitActions';
import { zoomBack } from './zoomActions';

/** "Torque current (A)" → "Torque": the readout is short, the unit follows the value. */
export function shortPanelName(title: string): string {
  return title.replace(/\s*current(, total)?\s*\(A\)$/i, (_, total: string | undefined) => (total ? ' total' : '')).replace(/\s*\([^)]*\)$/, '');
}

function unitOf(title: string): string {
  return /\(([^)]*)\)$/.exec(title)?.[1] ?? '';
}

/** The values of the panels' channels at some samples, from the worker (the newest request wins). */
function useValuesAt(indices: readonly number[] | null, panels: readonly Panel[]): Record<string, number>[] | null {
  const fileId = useAnnotate((s) => s.fileId);
  const ready = useAnnotate((s) => s.signalsReady);
  const [answer, setAnswer] = useState<{ key: string; values: Record<string, number>[] } | null>(null);
  const keys = panels.map((p) => p.key);
  const key = indices && fileId !== null && ready === fileId ? `${fileId}|${indices.join(',')}|${keys.join(',')}` : null;
  useEffect(() => {
    if (key === null || !indices || fileId === null) return;
    let gone = false;
    valuesAtSamples(downsampleClient(), fileId, indices, keys)
      .then((values) => {
        if (!gone) setAnswer({ key, values });
      })
      .catch(() => undefined);
    return () => {
      gone = true;
    };
    // keys and indices are in `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return answer && answer.key === key ? answer.values : null;
}

function sampleOf(x: number, depth: number, xMode: 'depth' | 'index', column: Float64Array | null): number | null {
  if (xMode === 'index') return Math.max(0, Math.round(x));
  return column ? firstSampleAtOrBeyond(column, depth) : null;
}

function CrosshairReadout({ panels }: { panels: Panel[] }): React.JSX.Element {
  const depth = useAnnotate((s) => s.cursorDepth);
  const x = useAnnotate((s) => s.cursorX ?? s.cursorDepth);
  const xMode = useAnnotate((s) => s.view.xMode);
  const column = useAnnotate((s) => s.signalDepth);
  const sample = depth !== null && x !== null ? sampleOf(x, depth, xMode, column) : null;
  const indices = useMemo(() => (sample === null ? null : [sample]), [sample]);
  const values = useValuesAt(indices, panels)?.[0];
  return (
    <span className="plot-readout" data-testid="crosshair-readout">
      <b>Crosshair</b>{' '}
      {depth === null
        ? '–'
        : [`${depth.toFixed(3)} mm`, ...panels.filter((p) => values?.[p.key] !== undefined).map((p) => `${shortPanelName(p.title)} ${values![p.key]!.toFixed(3)} ${unitOf(p.title)}`.trim())].join(' · ')}
    </span>
  );
}

function RulerReadout({ ruler, panels, rulerKey }: { ruler: RulerState; panels: Panel[]; rulerKey: string }): React.JSX.Element {
  const xMode = useAnnotate((s) => s.view.xMode);
  const column = useAnnotate((s) => s.signalDepth);
  const points = ruler.a && ruler.b ? [ruler.a, ruler.b] : null;
  const a = points ? sampleOf(points[0]!.x, points[0]!.depth, xMode, column) : null;
  const b = points ? sampleOf(points[1]!.x, points[1]!.depth, xMode, column) : null;
  const indices = useMemo(() => (a === null || b === null ? null : [a, b]), [a, b]);
  const values = useValuesAt(indices, panels);
  const delta = rulerDepthDelta(ruler);
  if (!ruler.a) return <span className="plot-readout" data-testid="ruler-readout">Ruler: click the plot or press {rulerKey} for point A</span>;
  if (!ruler.b || delta === null)
    return (
      <span className="plot-readout" data-testid="ruler-readout">
        Ruler: A {ruler.a.depth.toFixed(3)} mm — click or press {rulerKey} for point B
      </span>
    );
  const deltas = values ? valueDeltas(values[0]!, values[1]!) : {};
  return (
    <span className="plot-readout" data-testid="ruler-readout" data-delta-depth={delta}>
      <b>Ruler</b> {ruler.a.depth.toFixed(3)} → {ruler.b.depth.toFixed(3)} mm · <span data-testid="ruler-delta-depth">Δdepth {delta.toFixed(3)} mm</span>
      {panels
        .filter((p) => deltas[p.key] !== undefined)
        .map((p) => (
          <span key={p.key} data-testid={`ruler-delta-${p.key}`}>
            {' '}
            · Δ{shortPanelName(p.title)} {signed(deltas[p.key]!, 3)} {unitOf(p.title)}
          </span>
        ))}
    </span>
  );
}

export function PlotStatusBar(): React.JSX.Element {
  const view = useAnnotate((s) => s.view);
  const columns = useAnnotate((s) => s.detail?.columns);
  const ruler = useAnnotate((s) => s.ruler);
  const hint = useAnnotate((s) => s.plotHint);
  const canGoBack = useAnnotate((s) => s.zoomHistory.length > 0);
  const keymap = usePrefs((s) => s.keymap);
  const panels = useMemo(() => panelsOf(view, columns ?? []), [view, columns]);
  return (
    <div className="plot-status" role="group" aria-label="Crosshair and ruler">
      <button type="button" className={ruler ? 'on' : ''} aria-pressed={ruler !== null} title={`Measure between two points (${displayHotkey(keymap.ruler)}; Esc clears)`} onClick={() => toggleRuler(annotateStore)}>
        Ruler
      </button>
      <button type="button" disabled={!canGoBack} title={`Back to the previous zoom (${displayHotkey(keymap.zoomBack)})`} onClick={() => zoomBack(annotateStore)}>
        Zoom back
      </button>
      <button type="button" title={`Fit every panel's y axis to what is shown, without the end-of-cycle spike (${displayHotkey(keymap.fitY)})`} onClick={() => void fitY(annotateStore)}>
        Fit y
      </button>
      {hint ? (
        <span className="hint plot-hint" role="status" data-testid="plot-hint">
          {hint}
        </span>
      ) : ruler ? (
        <RulerReadout ruler={ruler} panels={panels} rulerKey={displayHotkey(keymap.ruler)} />
      ) : (
        <CrosshairReadout panels={panels} />
      )}
    </div>
  );
}
