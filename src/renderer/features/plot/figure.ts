/**
 * The plotly figure of one file, as plain data: stacked panels sharing the depth (or sample-index) axis,
 * program steps shaded and named (parameters on hover), stop codes as markers with decoded names, and the
 * labels as vertical lines / bands. Pure, so it is unit-tested without plotly or a DOM.
 */
import type { StepSegment } from '../../../shared/api/catalog.contract';
import type { Label, LabelClass } from '../../../shared/api/labels.contract';
import { stopCodeClasses } from '../../../shared/setitec/stopCodes';
import type { TraceData } from '../../workers/downsampleImpl';
import { addOverlays, type OverlayInput } from '../compare/overlayFigure';
import { estimateTextWidth, type MeasureText } from './captionLayout';
import { panelDomains, panelTitle, PLOT_MARGIN, staggerCaptions } from './figureLayout';
import { stepHoverText, stepNames, STEP_FONT_PX, type ProgramStepInfo } from './stepBand';
import { currentPlotTheme, labelColourIn, type PlotTheme } from './plotTheme';

export type XMode = 'depth' | 'index';

export interface Panel {
  key: string;
  title: string;
}

export type { ProgramStepInfo };
export { panelDomains, stepHoverText };

export interface FigureInput {
  panels: Panel[];
  traces: Record<string, TraceData>;
  xMode: XMode;
  /** Visible x window; null = autorange. */
  xRange: [number, number] | null;
  segments: StepSegment[];
  program: ProgramStepInfo[];
  /** Values of the first panel's column at each segment's last sample (for the stop markers). */
  stopValues: Float64Array | null;
  labels: Label[];
  classes: LabelClass[];
  selectedId: string | null;
  /** Maps a depth to the x of the current mode (identity in depth mode). */
  toX: (depth: number) => number;
  /** A range being drawn or a pending keyboard range: [classId, from, to] in depth. */
  draft: { classId: string; from: number; to: number } | null;
  uirevision: string;
  height: number;
  /** Colours (plotTheme.ts); default: the theme the system asks for now. */
  theme?: PlotTheme;
  /** Figure width in pixels, for the caption and step-name layout (default 900). */
  width?: number;
  /** The x range plotly shows while xRange is null (autorange); default the traces' extent. */
  shownRange?: [number, number] | null;
  /** Per-panel y ranges by panel key (fitted or zoomed); a panel without one autoranges. */
  yRanges?: Record<string, [number, number]>;
  /** Text width in pixels (a canvas measure in the page); default an estimate on the wide side. */
  measureText?: MeasureText;
  /** Reference holes drawn faint over this one (compare/overlayFigure.ts); depth mode only. */
  overlays?: readonly OverlayInput[];
}

export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

/** Columns never offered as extra panels: the x axis, the currents themselves, step and stop code. */
const NOT_EXTRA = new Set(['position', 'i_torque', 'i_thrust', 'i_torque_empty', 'i_thrust_empty', 'step', 'stop_code']);

export function extraColumnsOf(columns: readonly { key: string; name: string; unit: string }[]): { key: string; title: string }[] {
  return columns.filter((c) => !NOT_EXTRA.has(c.key)).map((c) => ({ key: c.key, title: c.unit ? `${c.name} (${c.unit})` : c.name }));
}

// Trace, stop-marker and step colours come from the theme (plotTheme.ts), light or dark.

const axisName = (i: number): string => (i === 0 ? 'y' : `y${i + 1}`);
const layoutAxisName = (i: number): string => (i === 0 ? 'yaxis' : `yaxis${i + 1}`);

const STOP_STYLE: Record<'anomaly' | 'event' | 'programmed' | 'none', { symbol: string }> = {
  anomaly: { symbol: 'x' },
  event: { symbol: 'triangle-down' },
  programmed: { symbol: 'diamond' },
  none: { symbol: 'circle-open' },
};

export function stopClassOf(code: number): keyof typeof STOP_STYLE {
  if (code === 0) return 'none';
  return stopCodeClasses(code)[0] ?? 'none';
}

/** Short marker text: the bit names without the number ("TORQUE_MIN"). */
export function shortStopName(stopLabel: string): string {
  return stopLabel.replace(/\s*\(\d+\)\s*$/, '');
}

function hexToRgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/**
 * How a label is drawn: a confirmed label solid; a pending proposal lighter, dashed when the drill recorded
 * it (stop code), dotted when a heuristic inferred it, dash-dot when a model predicted it: what was inferred
 * rather than recorded is visible at a glance.
 */
export interface LabelStyle {
  proposal: boolean;
  dash: 'solid' | 'dash' | 'dot' | 'dashdot';
  lineColour: string;
  fillAlpha: number;
  pointWidth: number;
  rangeWidth: number;
}

const PROPOSAL_DASH: Record<Label['source'], LabelStyle['dash']> = { stepcode: 'dash', heuristic: 'dot', model: 'dashdot', human: 'dash' };

export function labelStyle(l: Pick<Label, 'state' | 'source'>, colour: string, selected: boolean): LabelStyle {
  if (l.state === 'proposed') {
    return { proposal: true, dash: PROPOSAL_DASH[l.source], lineColour: hexToRgba(colour, selected ? 0.95 : 0.6), fillAlpha: selected ? 0.16 : 0.07, pointWidth: selected ? 3 : 1.6, rangeWidth: selected ? 2 : 1 };
  }
  return { proposal: false, dash: 'solid', lineColour: colour, fillAlpha: selected ? 0.28 : 0.16, pointWidth: selected ? 3.5 : 2, rangeWidth: selected ? 2 : 1 };
}

const confidenceText = (c: number | null): string => (c === null ? '' : c.toFixed(2));

/** The text beside a label on the plot: a proposal says so and how sure it is ("Entry? 0.92"). */
export function labelCaption(l: Pick<Label, 'state' | 'confidence' | 'depth'>, name: string, selected: boolean): string {
  const base = l.state === 'proposed' ? `<i>${name}?</i>${l.confidence !== null ? ` ${confidenceText(l.confidence)}` : ''}` : name;
  return selected && l.depth !== null ? `<b>${base}</b> ${l.depth.toFixed(2)}` : base;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Hover text of a label's caption: state, source, provenance, confidence and the proposal's reasons. */
export function labelHoverText(l: Pick<Label, 'state' | 'source' | 'provenance' | 'confidence' | 'origin' | 'details' | 'depth' | 'depthEnd'>, name: string): string {
  const head = l.state === 'proposed' ? `<b>${escapeHtml(name)}</b> (proposed)` : `<b>${escapeHtml(name)}</b>`;
  const lines = [head, `source ${l.source}${l.provenance ? ` · ${escapeHtml(l.provenance)}` : ''}${l.confidence !== null ? ` · confidence ${confidenceText(l.confidence)}` : ''}`];
  if (l.state === 'confirmed' && l.origin) {
    const by = escapeHtml(l.origin.provenance ?? l.origin.source);
    const movedFrom = l.origin.depth !== null && (l.origin.depth !== l.depth || l.origin.depthEnd !== l.depthEnd);
    lines.push(movedFrom ? `moved from ${l.origin.depth!.toFixed(2)} mm (proposed by ${by})` : `accepted as proposed by ${by}`);
  }
  for (const r of l.details?.reasons ?? []) lines.push(`· ${escapeHtml(r)}`);
  return lines.join('<br>');
}

export function buildFigure(input: FigureInput): Figure {
  const { panels, traces, xMode, toX } = input;
  const theme = input.theme ?? currentPlotTheme();
  const domains = panelDomains(panels.length, input.height - PLOT_MARGIN.t - PLOT_MARGIN.b);
  const plotWidth = Math.max(50, (input.width ?? 900) - PLOT_MARGIN.l - PLOT_MARGIN.r);
  const measure = input.measureText ?? estimateTextWidth;
  const data: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {
    height: input.height,
    margin: { ...PLOT_MARGIN },
    showlegend: false,
    hovermode: 'x',
    dragmode: 'zoom',
    uirevision: input.uirevision,
    paper_bgcolor: theme.paper,
    plot_bgcolor: theme.plot,
    font: { size: 11, color: theme.font },
    modebar: theme.modebar,
    xaxis: {
      title: { text: xMode === 'depth' ? 'Depth (mm)' : 'Sample index' },
      // Every axis is linear: named, plotly skips guessing the type from the data (dates? categories?) on
      // every newPlot and react.
      type: 'linear',
      // The default ('hide past div') measures every tick label with getBoundingClientRect on every zoom or
      // pan frame (a forced layout each); the margins leave room for the outermost labels anyway.
      ticklabeloverflow: 'allow',
      anchor: axisName(panels.length - 1),
      ...(input.xRange ? { range: input.xRange, autorange: false } : { autorange: true }),
      // The app's own crosshair (Crosshair.tsx) follows the pointer and the keys.
      showspikes: false,
      spikemode: 'across',
      spikethickness: 1,
      spikecolor: theme.spike,
      gridcolor: theme.grid,
      linecolor: theme.axis,
      tickcolor: theme.axis,
      spikedash: 'dot',
      zeroline: false,
    },
  };

  panels.forEach((p, i) => {
    const t = traces[p.key];
    const colour = theme.traces[p.key] ?? theme.extras[(i - 2 + theme.extras.length) % theme.extras.length]!;
    const yRange = input.yRanges?.[p.key];
    layout[layoutAxisName(i)] = {
      domain: domains[i],
      // The title is written in the row above the panel (panelTitle), never beside the tick labels.
      title: { text: '' },
      type: 'linear',
      ticklabeloverflow: 'allow',
      automargin: true,
      // Box zoom and wheel stay on x; a panel's y is zoomed on its axis (usePanelYZoom) and fitted with y.
      fixedrange: true,
      ...(yRange ? { range: yRange, autorange: false } : { autorange: true }),
      zeroline: false,
      gridcolor: theme.grid,
      linecolor: theme.axis,
      tickcolor: theme.axis,
      anchor: 'x',
    };
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: p.title,
      x: t?.x ?? [],
      y: t?.y ?? [],
      xaxis: 'x',
      yaxis: axisName(i),
      line: { color: colour, width: 1.2 },
      hovertemplate: `%{y:.3f}<extra>${p.title}</extra>`,
    });
  });

  // Stop codes at the end of each step, on the first panel, named on the plot.
  if (panels.length > 0 && input.segments.length > 0) {
    const xs: number[] = [];
    const ys: number[] = [];
    const texts: string[] = [];
    const hovers: string[] = [];
    const symbols: string[] = [];
    const colours: string[] = [];
    input.segments.forEach((seg, k) => {
      if (seg.stopCode === 0) return;
      const style = STOP_STYLE[stopClassOf(seg.stopCode)];
      xs.push(xMode === 'depth' ? seg.endDepth : seg.endIndex);
      ys.push(input.stopValues?.[k] ?? 0);
      texts.push(shortStopName(seg.stopLabel));
      hovers.push(`Step ${seg.step} ended: ${seg.stopLabel}`);
      symbols.push(style.symbol);
      colours.push(theme.stop[stopClassOf(seg.stopCode)]);
    });
    if (xs.length) {
      data.push({
        type: 'scatter',
        mode: 'markers+text',
        name: 'Stop codes',
        x: xs,
        y: ys,
        xaxis: 'x',
        yaxis: 'y',
        text: texts,
        textposition: 'top center',
        textfont: { size: 10, color: colours },
        marker: { size: 10, symbol: symbols, color: colours, line: { width: 1.5, color: colours } },
        hovertext: hovers,
        hovertemplate: '%{hovertext}<extra></extra>',
        cliponaxis: false,
      });
    }
  }

  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = panels.map((p, i) => panelTitle(p.key, p.title, domains[i]!, theme.font));
  const programByStep = new Map(input.program.map((p) => [p.stepNb, p]));
  const shown = input.xRange ?? input.shownRange ?? traceExtent(traces, input.segments, xMode);

  // Program steps: alternate shading, boundary lines, names on top with parameters on hover.
  input.segments.forEach((seg, k) => {
    const x0 = xMode === 'depth' ? seg.startDepth : seg.startIndex;
    const x1 = xMode === 'depth' ? seg.endDepth : seg.endIndex;
    shapes.push({
      type: 'rect',
      xref: 'x',
      yref: 'paper',
      x0,
      x1,
      y0: 0,
      y1: 1,
      fillcolor: k % 2 === 0 ? theme.stepShade : 'rgba(0,0,0,0)',
      line: { width: 0 },
      layer: 'below',
    });
    if (k > 0) shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0, x1: x0, y0: 0, y1: 1, line: { color: theme.stepLine, width: 1, dash: 'dot' }, layer: 'below' });
  });
  // Step names in the band above the plot, at the middle of each step's visible part (stepBand.ts).
  for (const name of shown ? stepNames(input.segments, xMode, shown, plotWidth, measure) : []) {
    const seg = input.segments[name.index]!;
    annotations.push({
      x: name.x,
      y: 1,
      xref: 'x',
      yref: 'paper',
      yanchor: 'bottom',
      showarrow: false,
      text: name.text,
      font: { size: STEP_FONT_PX, color: theme.stepText },
      bgcolor: theme.stepTextBg,
      hovertext: stepHoverText(seg, programByStep.get(seg.step)),
      captureevents: false,
      name: `step:${name.index}`,
    });
  }

  const classById = new Map(input.classes.map((c) => [c.id, c]));
  for (const l of input.labels) {
    const cls = classById.get(l.classId);
    // A rejected proposal is hidden from the plot (the label table still lists it).
    if (!cls || l.depth === null || cls.kind === 'attribute' || l.state === 'rejected') continue;
    const selected = l.id === input.selectedId;
    const style = labelStyle(l, labelColourIn(theme, cls.colour), selected);
    const caption = labelCaption(l, cls.name, selected);
    const hovertext = labelHoverText(l, cls.name);
    if (cls.kind === 'range' && l.depthEnd !== null) {
      shapes.push({
        type: 'rect',
        xref: 'x',
        yref: 'paper',
        x0: toX(l.depth),
        x1: toX(l.depthEnd),
        y0: 0,
        y1: 1,
        fillcolor: hexToRgba(labelColourIn(theme, cls.colour), style.fillAlpha),
        line: { color: style.lineColour, width: style.rangeWidth, dash: style.dash },
        layer: 'below',
        name: `label:${l.id}`,
      });
      annotations.push({
        x: toX(l.depth),
        y: 0,
        xref: 'x',
        yref: 'paper',
        xanchor: 'left',
        yanchor: 'bottom',
        showarrow: false,
        text: caption,
        font: { size: 10, color: style.lineColour },
        bgcolor: theme.captionBg,
        hovertext,
        name: `caption:${l.id}`,
      });
    } else {
      const x = toX(l.depth);
      shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: x, x1: x, y0: 0, y1: 1, line: { color: style.lineColour, width: style.pointWidth, dash: style.dash }, name: `label:${l.id}` });
      annotations.push({
        x,
        // Proposals are captioned at the foot of the line, labels at its head: both stay readable when a
        // proposal and the label it led to sit side by side.
        y: style.proposal ? 0 : (domains[0]?.[1] ?? 1),
        xref: 'x',
        yref: 'paper',
        yanchor: style.proposal ? 'bottom' : 'top',
        xanchor: 'left',
        showarrow: false,
        text: caption,
        font: { size: 10, color: style.lineColour },
        bgcolor: theme.captionBg,
        ...(style.proposal ? { bordercolor: style.lineColour, borderwidth: 1, borderpad: 2 } : {}),
        hovertext,
        name: `caption:${l.id}`,
      });
    }
  }

  if (input.draft) {
    const cls = classById.get(input.draft.classId);
    const colour = labelColourIn(theme, cls?.colour ?? '#888888');
    const a = toX(Math.min(input.draft.from, input.draft.to));
    const b = toX(Math.max(input.draft.from, input.draft.to));
    shapes.push(
      a === b
        ? { type: 'line', xref: 'x', yref: 'paper', x0: a, x1: a, y0: 0, y1: 1, line: { color: colour, width: 2, dash: 'dash' } }
        : { type: 'rect', xref: 'x', yref: 'paper', x0: a, x1: b, y0: 0, y1: 1, fillcolor: hexToRgba(colour, 0.22), line: { color: colour, width: 1, dash: 'dash' } },
    );
  }

  // Captions of close labels go into rows of their own (captionLayout.ts).
  if (shown) staggerCaptions(annotations, shown, plotWidth, measure);
  if (input.overlays?.length && xMode === 'depth') {
    addOverlays({ data, shapes, annotations }, input.overlays, { panels, classes: input.classes, dark: theme.name === 'dark', captionBg: theme.captionBg, labelColour: (hex) => labelColourIn(theme, hex) });
  }
  layout.shapes = shapes;
  layout.annotations = annotations;
  return { data, layout };
}

/** What autorange shows: the traces' x extent, else the steps'. */
function traceExtent(traces: Record<string, TraceData>, segments: readonly StepSegment[], xMode: XMode): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of Object.values(traces)) {
    for (const x of t.x) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  for (const seg of segments) {
    for (const x of xMode === 'depth' ? [seg.startDepth, seg.endDepth] : [seg.startIndex, seg.endIndex]) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  return lo < hi ? [lo, hi] : null;
}
