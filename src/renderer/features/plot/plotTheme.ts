/**
 * The plot's colours in the light and the dark theme, and which one the system asks for right now.
 *
 * The page's own colours are CSS custom properties (app/app.css, switched by `prefers-color-scheme`); plotly
 * and the overview canvas take colours as values, so they read them from here. `figure.ts` builds every
 * figure with the current theme, and the views redraw when the system setting changes (`onPlotThemeChange`,
 * `usePlotTheme`): no reload, no setting of our own (Electron's `nativeTheme` follows the system too).
 *
 * The palettes are pure data; the WCAG contrast helpers let unit and e2e tests check that text stays legible.
 */
import { useSyncExternalStore } from 'react';

export type ThemeName = 'light' | 'dark';

export interface PlotTheme {
  name: ThemeName;
  paper: string;
  plot: string;
  /** Tick labels, axis titles, plotly's default text. */
  font: string;
  grid: string;
  /** Axis lines and ticks. */
  axis: string;
  spike: string;
  modebar: { bgcolor: string; color: string; activecolor: string };
  /** The current columns' line colours by column key. */
  traces: Record<string, string>;
  /** Extra panels, in turn. */
  extras: readonly string[];
  /** Stop-code markers by class. */
  stop: Record<'anomaly' | 'event' | 'programmed' | 'none', string>;
  /** Alternate shading of program steps, the step boundaries, the step names and their background. */
  stepShade: string;
  stepLine: string;
  stepText: string;
  stepTextBg: string;
  /** Background behind a point label's caption (keeps it readable over the traces). */
  captionBg: string;
  /** The overview strip (a canvas under the plot). */
  overview: { bg: string; trace: string; outside: string; window: string };
}

export const LIGHT_THEME: PlotTheme = {
  name: 'light',
  paper: '#ffffff',
  plot: '#ffffff',
  font: '#444444',
  grid: '#eeeeee',
  axis: '#444444',
  spike: '#888888',
  modebar: { bgcolor: 'rgba(255,255,255,0.5)', color: 'rgba(68,68,68,0.3)', activecolor: 'rgba(68,68,68,0.7)' },
  traces: { i_torque: '#1f4e9c', i_torque_total: '#1f4e9c', i_thrust: '#b5531b', i_thrust_total: '#b5531b' },
  extras: ['#3b7d3b', '#7d3b7d', '#3b7d7d', '#7d6a3b', '#555555'],
  stop: { anomaly: '#b42318', event: '#c2410c', programmed: '#5b6470', none: '#5b6470' },
  stepShade: 'rgba(31,42,54,0.045)',
  stepLine: 'rgba(31,42,54,0.25)',
  stepText: '#3a4653',
  stepTextBg: 'rgba(240,243,246,0.9)',
  captionBg: 'rgba(255,255,255,0.8)',
  overview: { bg: '#f3f5f7', trace: '#1f4e9c', outside: 'rgba(31,42,54,0.18)', window: '#1f2a36' },
};

/** Same roles, lighter lines on a dark ground: every text colour ≥ 4.5:1 against `paper` (see the tests). */
export const DARK_THEME: PlotTheme = {
  name: 'dark',
  paper: '#1b2229',
  plot: '#1b2229',
  font: '#d3dbe3',
  grid: '#2d3741',
  axis: '#8d99a6',
  spike: '#8d99a6',
  modebar: { bgcolor: 'rgba(27,34,41,0.6)', color: 'rgba(211,219,227,0.45)', activecolor: 'rgba(211,219,227,0.9)' },
  traces: { i_torque: '#78aefc', i_torque_total: '#78aefc', i_thrust: '#f5a06a', i_thrust_total: '#f5a06a' },
  extras: ['#7fc77f', '#d394d3', '#6fcaca', '#d6bd72', '#b4bcc4'],
  stop: { anomaly: '#ff7b70', event: '#ff9a57', programmed: '#a9b3be', none: '#a9b3be' },
  stepShade: 'rgba(255,255,255,0.045)',
  stepLine: 'rgba(255,255,255,0.22)',
  stepText: '#c4cdd6',
  stepTextBg: 'rgba(38,47,57,0.92)',
  captionBg: 'rgba(27,34,41,0.82)',
  overview: { bg: '#232b34', trace: '#78aefc', outside: 'rgba(0,0,0,0.38)', window: '#d3dbe3' },
};

export const themeByName = (name: ThemeName): PlotTheme => (name === 'dark' ? DARK_THEME : LIGHT_THEME);

// ---- WCAG 2 contrast ----

/** '#rgb' or '#rrggbb' → [r, g, b] in 0–255; null for anything else. */
export function parseHex(hex: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  const n = parseInt(h, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Relative luminance of an sRGB colour (WCAG 2.x). */
export function luminance([r, g, b]: readonly [number, number, number]): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Contrast ratio (1–21) of two opaque colours. */
export function contrastRatio(a: readonly [number, number, number], b: readonly [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const toHex = (rgb: readonly number[]): string => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/**
 * A label class's colour as drawn in `theme`. The schema's colours are chosen for a white plot; on the dark
 * one a dark class colour (navy, maroon) would vanish, so it is mixed towards white just enough to reach
 * `minRatio` against the paper. Light theme: the colour as it is.
 */
export function labelColourIn(theme: PlotTheme, hex: string, minRatio = 4.5): string {
  if (theme.name === 'light') return hex;
  const rgb = parseHex(hex);
  const paper = parseHex(theme.paper);
  if (!rgb || !paper) return hex;
  if (contrastRatio(rgb, paper) >= minRatio) return hex;
  for (let t = 0.05; t < 1; t += 0.05) {
    const mixed = rgb.map((c) => c + (255 - c) * t) as [number, number, number];
    if (contrastRatio(mixed, paper) >= minRatio) return toHex(mixed);
  }
  return '#ffffff';
}

// ---- Following the system setting ----

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** What the theme source needs of a MediaQueryList (`window.matchMedia(DARK_QUERY)` in the page). */
export interface DarkQuery {
  readonly matches: boolean;
  addEventListener(type: 'change', listener: () => void): void;
  removeEventListener(type: 'change', listener: () => void): void;
}

export interface ThemeSource {
  current(): PlotTheme;
  /** Calls `listener` whenever the system switches between light and dark; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

/** A theme source over a media query; light when there is none (jsdom, Node). */
export function createThemeSource(query: DarkQuery | null): ThemeSource {
  return {
    current: () => (query?.matches ? DARK_THEME : LIGHT_THEME),
    subscribe(listener) {
      if (!query) return () => undefined;
      query.addEventListener('change', listener);
      return () => query.removeEventListener('change', listener);
    },
  };
}

function systemQuery(): DarkQuery | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null;
}

let source: ThemeSource | null = null;
const systemSource = (): ThemeSource => (source ??= createThemeSource(systemQuery()));

/** The theme the system asks for now. */
export const currentPlotTheme = (): PlotTheme => systemSource().current();

/** Runs `listener` when the system theme changes (the plot redraws with the new colours). */
export const onPlotThemeChange = (listener: () => void): (() => void) => systemSource().subscribe(listener);

/** The current theme for a component; re-renders it when the system setting changes. */
export function usePlotTheme(): PlotTheme {
  return useSyncExternalStore(onPlotThemeChange, currentPlotTheme, () => LIGHT_THEME);
}
