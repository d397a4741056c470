/**
 * The plotly figure of one file, as plain data: stacked panels sharing the depth (or sample-index) axis,
 * program steps shaded and named (parameters on hover), stop codes as markers with decoded names, and the
 * labels as vertical lines / bands. Pure, so it is unit-tested without plotly or a DOM.
 */
import type { ProgramStepView, StepSegment } from '../../../shared/api/catalog.contract';
import type { Label, LabelClass } from '../../../shared/api/labels.contract';
import { stopCodeClasses } from '../../../shared/setitec/stopCodes';
import type { TraceData } from '../../workers/downsampleImpl';

export type XMode = 'depth' | 'index';

export interface Panel {
  key: string;
  title: string;
}

/** A program step as the plot shows it on hover. */
export type ProgramStepInfo = Omit<ProgramStepView, 'enabled'>;

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

const PANEL_GAP = 0.035;
/** Relative heights: the two currents get more room than extra columns. */
const MAIN_WEIGHT = 2;
const EXTRA_WEIGHT = 1;

export const PANEL_COLOURS: Record<string, string> = {
  i_torque: '#1f4e9c',
  i_torque_total: '#1f4e9c',
  i_thrust: '#b5531b',
  i_thrust_total: '#b5531b',
};
const EXTRA_COLOURS = ['#3b7d3b', '#7d3b7d', '#3b7d7d', '#7d6a3b', '#555555'];

/** Panel domains from the top down: [y0, y1] in paper coordinates. */
export function panelDomains(count: number): [number, number][] {
  const weights = Array.from({ length: count }, (_, i) => (i < 2 ? MAIN_WEIGHT : EXTRA_WEIGHT));
  const total = weights.reduce((a, b) => a + b, 0);
  const usable = 1 - PANEL_GAP * Math.max(0, count - 1);
  const out: [number, number][] = [];
  let top = 1;
  for (const w of weights) {
    const h = (usable * w) / total;
    out.push([Math.max(0, top - h), top]);
    top -= h + PANEL_GAP;
  }
  return out;
}

const axisName = (i: number): string => (i === 0 ? 'y' : `y${i + 1}`);
const layoutAxisName = (i: number): string => (i === 0 ? 'yaxis' : `yaxis${i + 1}`);

function fmt(v: number | null, unit: string, digits = 2): string | null {
  return v === null ? null : `${Number(v.toFixed(digits))} ${unit}`;
}

/** Hover text of a program step: stroke, RPM, feed and its triggers. */
export function stepHoverText(seg: StepSegment, program: ProgramStepInfo | undefined): string {
  const lines = [`<b>Step ${seg.step}</b>`, `samples ${seg.startIndex}–${seg.endIndex}, depth ${seg.startDepth.toFixed(2)}–${seg.endDepth.toFixed(2)} mm`];
  if (program) {
    const params = [
      fmt(program.strokeMm, 'mm stroke'),
      fmt(program.rpm, 'rpm', 0),
      fmt(program.feedMmS, 'mm/s'),
      program.feedMmRev !== null ? fmt(program.feedMmRev, 'mm/rev', 3) : null,
    ].filter(Boolean);
    if (params.length) lines.push(params.join(' · '));
    const triggers = [
      program.torqueMaxA ? `torque max ${program.torqueMaxA} A` : null,
      program.thrustMaxA ? `thrust max ${program.thrustMaxA} A` : null,
      program.torqueMinA ? `torque min ${program.torqueMinA} A` : null,
      program.thrustMinA ? `thrust min ${program.thrustMinA} A` : null,
      program.gapMm ? `gap ${program.gapMm} mm` : null,
    ].filter(Boolean);
    lines.push(triggers.length ? `triggers: ${triggers.join(', ')}` : 'no sensing trigger');
  }
  lines.push(`ended by ${seg.stopLabel}`);
  return lines.join('<br>');
}

const STOP_STYLE: Record<'anomaly' | 'event' | 'programmed' | 'none', { symbol: string; color: string }> = {
  anomaly: { symbol: 'x', color: '#b42318' },
  event: { symbol: 'triangle-down', color: '#c2410c' },
  programmed: { symbol: 'diamond', color: '#5b6470' },
  none: { symbol: 'circle-open', color: '#5b6470' },
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
  const domains = panelDomains(panels.length);
  const data: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {
    height: input.height,
    margin: { l: 64, r: 16, t: 34, b: 40 },
    showlegend: false,
    hovermode: 'x',
    dragmode: 'zoom',
    uirevision: input.uirevision,
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    font: { size: 11 },
    xaxis: {
      title: { text: xMode === 'depth' ? 'Depth (mm)' : 'Sample index' },
      anchor: axisName(panels.length - 1),
      ...(input.xRange ? { range: input.xRange, autorange: false } : { autorange: true }),
      showspikes: true,
      spikemode: 'across',
      spikethickness: 1,
      spikecolor: '#888',
      spikedash: 'dot',
      zeroline: false,
    },
  };

  panels.forEach((p, i) => {
    const t = traces[p.key];
    const colour = PANEL_COLOURS[p.key] ?? EXTRA_COLOURS[(i - 2 + EXTRA_COLOURS.length) % EXTRA_COLOURS.length]!;
    layout[layoutAxisName(i)] = {
      domain: domains[i],
      title: { text: p.title, font: { size: 11 } },
      fixedrange: true,
      autorange: true,
      zeroline: false,
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
      colours.push(style.color);
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
  const annotations: Record<string, unknown>[] = [];
  const programByStep = new Map(input.program.map((p) => [p.stepNb, p]));

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
      fillcolor: k % 2 === 0 ? 'rgba(31,42,54,0.045)' : 'rgba(31,42,54,0.0)',
      line: { width: 0 },
      layer: 'below',
    });
    if (k > 0) shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0, x1: x0, y0: 0, y1: 1, line: { color: 'rgba(31,42,54,0.25)', width: 1, dash: 'dot' }, layer: 'below' });
    annotations.push({
      x: (x0 + x1) / 2,
      y: 1,
      xref: 'x',
      yref: 'paper',
      yanchor: 'bottom',
      showarrow: false,
      text: `Step ${seg.step}`,
      font: { size: 10, color: '#3a4653' },
      bgcolor: 'rgba(240,243,246,0.9)',
      hovertext: stepHoverText(seg, programByStep.get(seg.step)),
      captureevents: false,
    });
  });

  const classById = new Map(input.classes.map((c) => [c.id, c]));
  for (const l of input.labels) {
    const cls = classById.get(l.classId);
    // A rejected proposal is hidden from the plot (the label table still lists it).
    if (!cls || l.depth === null || cls.kind === 'attribute' || l.state === 'rejected') continue;
    const selected = l.id === input.selectedId;
    const style = labelStyle(l, cls.colour, selected);
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
        fillcolor: hexToRgba(cls.colour, style.fillAlpha),
        line: { color: style.lineColour, width: style.rangeWidth, dash: style.dash },
        layer: 'below',
        name: `label:${l.id}`,
      });
      annotations.push({
        x: toX(l.depth),
        y: style.proposal ? 0.06 : 0,
        xref: 'x',
        yref: 'paper',
        xanchor: 'left',
        yanchor: 'bottom',
        showarrow: false,
        text: caption,
        font: { size: 10, color: style.lineColour },
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
        y: style.proposal ? 0 : 1,
        xref: 'x',
        yref: 'paper',
        yanchor: style.proposal ? 'bottom' : 'top',
        xanchor: 'left',
        showarrow: false,
        text: caption,
        font: { size: 10, color: style.lineColour },
        bgcolor: 'rgba(255,255,255,0.8)',
        ...(style.proposal ? { bordercolor: style.lineColour, borderwidth: 1, borderpad: 2 } : {}),
        hovertext,
        name: `caption:${l.id}`,
      });
    }
  }

  if (input.draft) {
    const cls = classById.get(input.draft.classId);
    const colour = cls?.colour ?? '#888888';
    const a = toX(Math.min(input.draft.from, input.draft.to));
    const b = toX(Math.max(input.draft.from, input.draft.to));
    shapes.push(
      a === b
        ? { type: 'line', xref: 'x', yref: 'paper', x0: a, x1: a, y0: 0, y1: 1, line: { color: colour, width: 2, dash: 'dash' } }
        : { type: 'rect', xref: 'x', yref: 'paper', x0: a, x1: b, y0: 0, y1: 1, fillcolor: hexToRgba(colour, 0.22), line: { color: colour, width: 1, dash: 'dash' } },
    );
  }

  layout.shapes = shapes;
  layout.annotations = annotations;
  return { data, layout };
}
