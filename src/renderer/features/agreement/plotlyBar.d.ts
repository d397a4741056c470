/** The bar trace of plotly.js, registered on lib/core by the agreement histogram (no @types/plotly.js here). */
declare module 'plotly.js/lib/bar' {
  const bar: unknown;
  export default bar;
}
