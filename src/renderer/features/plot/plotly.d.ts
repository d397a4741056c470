/**
 * The slice of plotly.js this app uses (there is no @types/plotly.js in the project). `lib/core` registers
 * the SVG `scatter` trace; nothing else is loaded.
 */
declare module 'plotly.js/lib/core' {
  export type PlotDatum = Record<string, unknown>;
  export type PlotLayout = Record<string, unknown>;
  export type PlotConfig = Record<string, unknown>;

  export interface PlotlyAxis {
    range: [number, number];
    _offset: number;
    _length: number;
  }

  export interface PlotlyHTMLElement extends HTMLDivElement {
    on(event: string, handler: (data: unknown) => void): void;
    removeAllListeners?(event?: string): void;
    _fullLayout?: { xaxis?: PlotlyAxis; _size?: { l: number; t: number; w: number; h: number } };
  }

  export function newPlot(el: HTMLElement, data: PlotDatum[], layout?: PlotLayout, config?: PlotConfig): Promise<PlotlyHTMLElement>;
  export function react(el: HTMLElement, data: PlotDatum[], layout?: PlotLayout, config?: PlotConfig): Promise<PlotlyHTMLElement>;
  export function relayout(el: HTMLElement, update: Record<string, unknown>): Promise<PlotlyHTMLElement>;
  export function purge(el: HTMLElement): void;
  export function register(modules: unknown[]): void;
  const Plotly: {
    newPlot: typeof newPlot;
    react: typeof react;
    relayout: typeof relayout;
    purge: typeof purge;
    register: typeof register;
  };
  export default Plotly;
}
