import { preload } from 'react-dom';
import { PLOTLY_SCRIPT_PATH } from '@/lib/vendor/plotly-script';

/**
 * For pages that show plots, called while rendering them on the server: the HTML head then asks for
 * plotly with the page's own scripts, before hydration and before the data link is up.
 */
export function preloadPlotly(): void {
  preload(PLOTLY_SCRIPT_PATH, { as: 'script', fetchPriority: 'high' });
}
