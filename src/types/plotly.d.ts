// plotly's distributed bundles ship no types; we use them only through src/ui/plots/loadPlotly.ts.
declare module 'plotly.js-dist-min' {
  const Plotly: unknown;
  export default Plotly;
}
declare module 'plotly.js-cartesian-dist-min' {
  const Plotly: unknown;
  export default Plotly;
}
