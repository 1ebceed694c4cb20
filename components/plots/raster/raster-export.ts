'use client';
/**
 * PNG export of a raster plot (images, meshes): plotly's own export holds only the axes, since the
 * pixels are on a canvas under them. This composes a white page, the pixel canvas where it sits and
 * plotly's axes on top, then downloads the result.
 */
import type { PlotlyConfig, PlotlyModule } from '../shared/plotly-loader';

async function compose(plotly: PlotlyModule, gd: HTMLElement, canvas: HTMLCanvasElement): Promise<string> {
  const width = gd.clientWidth;
  const height = gd.clientHeight;
  const scale = 2;
  const axesUrl = await plotly.toImage(gd, { format: 'png', width, height, scale });
  const axes = new Image();
  await new Promise<void>((resolve, reject) => {
    axes.onload = () => resolve();
    axes.onerror = () => reject(new Error('the plot axes could not be rendered'));
    axes.src = axesUrl;
  });
  const out = document.createElement('canvas');
  out.width = width * scale;
  out.height = height * scale;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas to compose the image on');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  const gdBox = gd.getBoundingClientRect();
  const box = canvas.getBoundingClientRect();
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(canvas, (box.left - gdBox.left) * scale, (box.top - gdBox.top) * scale, box.width * scale, box.height * scale);
  ctx.drawImage(axes, 0, 0, out.width, out.height);
  return out.toDataURL('image/png');
}

function fileName(title: string): string {
  return `${title.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'plot'}.png`;
}

/** plotly config for a raster plot: its camera button exports pixels and axes together. */
export function rasterExportConfig(plotly: PlotlyModule | null, getParts: () => { gd: HTMLElement | null; canvas: HTMLCanvasElement | null; title: string }): PlotlyConfig {
  if (!plotly) return {};
  return {
    modeBarButtonsToRemove: ['lasso2d', 'select2d', 'sendDataToCloud', 'sendChartToCloud', 'toImage'],
    modeBarButtonsToAdd: [
      {
        name: 'download-png',
        title: 'Download plot as a PNG',
        icon: plotly.Icons.camera,
        click: () => {
          const { gd, canvas, title } = getParts();
          if (!gd || !canvas) return;
          compose(plotly, gd, canvas).then(
            (url) => {
              const a = document.createElement('a');
              a.href = url;
              a.download = fileName(title);
              document.body.appendChild(a);
              a.click();
              a.remove();
            },
            (error: unknown) => console.error('PNG export failed', error),
          );
        },
      },
    ],
  } as unknown as PlotlyConfig;
}
