import { describe, expect, it } from 'vitest';
import { buildFigure, type FigureInput } from '../../../src/renderer/features/plot/figure';
import {
  DARK_THEME,
  LIGHT_THEME,
  contrastRatio,
  createThemeSource,
  currentPlotTheme,
  labelColourIn,
  parseHex,
  type DarkQuery,
  type PlotTheme,
} from '../../../src/renderer/features/plot/plotTheme';

const rgb = (hex: string): [number, number, number] => {
  const c = parseHex(hex);
  if (!c) throw new Error(`not a hex colour: ${hex}`);
  return c;
};
const ratio = (a: string, b: string): number => contrastRatio(rgb(a), rgb(b));

/** The default label classes' colours (src/main/labels/defaultSchema.ts), all drawn on the plot. */
const SCHEMA_COLOURS = ['#2ca02c', '#ff7f0e', '#d62728', '#9467bd', '#c7c7c7', '#1f77b4', '#8c564b', '#bcbd22', '#e377c2', '#17becf'];

/** A MediaQueryList of our own making (Node has no matchMedia; the e2e test drives the browser's). */
class FakeDarkQuery extends EventTarget implements DarkQuery {
  public matches = false;
  public set(dark: boolean): void {
    this.matches = dark;
    this.dispatchEvent(new Event('change'));
  }
  public override addEventListener(type: 'change', listener: () => void): void {
    super.addEventListener(type, listener);
  }
  public override removeEventListener(type: 'change', listener: () => void): void {
    super.removeEventListener(type, listener);
  }
}

function figureIn(theme: PlotTheme | undefined): ReturnType<typeof buildFigure> {
  const input: FigureInput = {
    panels: [
      { key: 'i_torque', title: 'Torque' },
      { key: 'i_thrust', title: 'Thrust' },
      { key: 'torque_power', title: 'Power' },
    ],
    traces: { i_torque: { x: new Float64Array([0, 1]), y: new Float64Array([0, 5]) } },
    xMode: 'depth',
    xRange: null,
    segments: [{ step: 1, startIndex: 0, endIndex: 9, startDepth: 0, endDepth: 1, stopCode: 131074, stopLabel: 'KILLMOT_M1 (131074)' }],
    program: [],
    stopValues: new Float64Array([1]),
    labels: [],
    classes: [],
    selectedId: null,
    toX: (d) => d,
    draft: null,
    uirevision: '1',
    height: 400,
    ...(theme ? { theme } : {}),
  };
  return buildFigure(input);
}

describe('contrast (WCAG 2)', () => {
  it('gives the known ratios', () => {
    expect(ratio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(ratio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(ratio('#777777', '#777777')).toBe(1);
    // WebAIM's checker: #767676 on white is the lightest grey that passes AA (4.54:1).
    expect(ratio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('parses #rgb and #rrggbb only', () => {
    expect(parseHex('#fff')).toEqual([255, 255, 255]);
    expect(parseHex('#1f4E9c')).toEqual([31, 78, 156]);
    expect(parseHex('rgb(1,2,3)')).toBeNull();
    expect(parseHex('#12345')).toBeNull();
  });
});

describe.each([LIGHT_THEME, DARK_THEME])('the $name plot theme', (theme) => {
  it('keeps text at ≥ 4.5:1 and lines at ≥ 3:1 against the plot', () => {
    expect(ratio(theme.font, theme.paper)).toBeGreaterThanOrEqual(4.5);
    expect(ratio(theme.stepText, theme.paper)).toBeGreaterThanOrEqual(4.5);
    for (const c of [...Object.values(theme.traces), ...theme.extras, ...Object.values(theme.stop)]) expect(ratio(c, theme.paper), c).toBeGreaterThanOrEqual(3);
    expect(ratio(theme.overview.trace, theme.overview.bg)).toBeGreaterThanOrEqual(3);
  });

  it('draws every default label colour legibly (≥ 3:1 for lines, after the dark theme lightens them)', () => {
    for (const c of SCHEMA_COLOURS) {
      const drawn = labelColourIn(theme, c, 3);
      if (theme.name === 'light') expect(drawn).toBe(c);
      else expect(ratio(drawn, theme.paper), `${c} → ${drawn}`).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('label colours in the dark theme', () => {
  it('lightens a dark colour just enough and leaves a light one alone', () => {
    const navy = '#1f3f7f';
    expect(ratio(navy, DARK_THEME.paper)).toBeLessThan(4.5);
    const lighter = labelColourIn(DARK_THEME, navy);
    expect(ratio(lighter, DARK_THEME.paper)).toBeGreaterThanOrEqual(4.5);
    // Still blue: more blue than red in the mix.
    const [r, , b] = rgb(lighter);
    expect(b).toBeGreaterThan(r);
    expect(labelColourIn(DARK_THEME, '#c7c7c7')).toBe('#c7c7c7');
    expect(labelColourIn(DARK_THEME, 'not-a-colour')).toBe('not-a-colour');
  });
});

describe('the figure in each theme', () => {
  it('takes paper, font, grid, trace and stop colours from the theme', () => {
    for (const theme of [LIGHT_THEME, DARK_THEME]) {
      const fig = figureIn(theme);
      const layout = fig.layout as { paper_bgcolor: string; plot_bgcolor: string; font: { color: string }; xaxis: { gridcolor: string }; yaxis3: { gridcolor: string } };
      expect(layout.paper_bgcolor).toBe(theme.paper);
      expect(layout.plot_bgcolor).toBe(theme.plot);
      expect(layout.font.color).toBe(theme.font);
      expect(layout.xaxis.gridcolor).toBe(theme.grid);
      expect(layout.yaxis3.gridcolor).toBe(theme.grid);
      const lines = fig.data.filter((t) => t.mode === 'lines').map((t) => (t.line as { color: string }).color);
      expect(lines).toEqual([theme.traces.i_torque, theme.traces.i_thrust, theme.extras[0]]);
      const stops = fig.data.find((t) => t.name === 'Stop codes')!;
      expect((stops.marker as { color: string[] }).color).toEqual([theme.stop.anomaly]);
    }
    expect(figureIn(DARK_THEME).layout.paper_bgcolor).not.toBe(figureIn(LIGHT_THEME).layout.paper_bgcolor);
  });

  it('uses the light theme where no media query exists (Node, jsdom)', () => {
    expect(currentPlotTheme()).toBe(LIGHT_THEME);
    expect(figureIn(undefined).layout.paper_bgcolor).toBe(LIGHT_THEME.paper);
  });
});

describe('following the system setting', () => {
  it('switches with the media query and tells subscribers until they unsubscribe', () => {
    const query = new FakeDarkQuery();
    const source = createThemeSource(query);
    const seen: string[] = [];
    const stop = source.subscribe(() => seen.push(source.current().name));
    expect(source.current()).toBe(LIGHT_THEME);
    query.set(true);
    expect(source.current()).toBe(DARK_THEME);
    query.set(false);
    stop();
    query.set(true);
    expect(seen).toEqual(['dark', 'light']);
    expect(source.current()).toBe(DARK_THEME);
  });

  it('stays light with no media query at all', () => {
    const source = createThemeSource(null);
    expect(source.current()).toBe(LIGHT_THEME);
    expect(() => source.subscribe(() => undefined)()).not.toThrow();
  });
});
