/**
 * What to plot for a scan, inferred from its scan_info and data streams as Flint does.
 * Pure functions, shared by the server and the browser.
 */
export { createPlotModels } from './create';
export { listCurveCandidates } from './candidates';
export { plotSelectionKey, keepsUserCurveSelection } from './selection-key';
export { scatterGrid } from './scatter-grid';
export type {
  ChannelOrigin,
  CurveCandidate,
  CurveItem,
  CurvePlotModel,
  CurveSelectionSource,
  ImagePlotModel,
  McaItem,
  McaPlotModel,
  ModelChannel,
  OneDimPlotModel,
  OneDimX,
  PlotKind,
  PlotModel,
  PlotOrigin,
  PlotSetup,
  ScatterGrid,
  ScatterPlotModel,
  StreamDescriptor,
  StreamKind,
  TablePlotModel,
} from './types';
