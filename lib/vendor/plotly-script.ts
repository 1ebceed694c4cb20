/**
 * Where the browser loads plotly.js from: the server serves the dist bundle itself, precompressed and
 * cacheable for good (the version is in the path), so pages can preload it from their first bytes
 * instead of discovering it after hydration (docs/performance.md, first paint).
 */
// Only the version, to put in the URL (plotly itself is loaded by components/plots/plotly-loader.ts).
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import plotlyPackage from 'plotly.js-basic-dist-min/package.json' with { type: 'json' };

export const PLOTLY_VERSION: string = plotlyPackage.version;
export const PLOTLY_SCRIPT_PATH = `/vendor/plotly-basic-${PLOTLY_VERSION}.min.js`;
