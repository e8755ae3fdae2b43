// plotly.js-dist-min ships no types; we use it only through src/ui/plots/loadPlotly.ts.
declare module 'plotly.js-dist-min' {
  const Plotly: unknown;
  export default Plotly;
}
