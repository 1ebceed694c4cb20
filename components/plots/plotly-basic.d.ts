// plotly.js-basic-dist-min ships no types; its API is plotly.js's, typed by plotly.js-dist-min (a dev
// dependency kept for its types only).
declare module 'plotly.js-basic-dist-min' {
  export * from 'plotly.js-dist-min';
}
