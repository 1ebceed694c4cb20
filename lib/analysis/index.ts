/**
 * The analysis core the plots call: fits, per-curve math and expressions, crosshair and markers, image
 * profiles/ROIs/histograms, MCA ROIs and calibration, and the Web Worker protocol. Pure functions of typed
 * arrays: no DOM, React or Node; the worker entry is analysis.worker.ts (not exported: it is a script).
 */
export { fitCurve, fitParameter, FitError, type FitRequest, type FitResult, type FitParameter } from './fit/fit-curve';
export { evaluateModel, FIT_MODELS, FIT_BACKGROUNDS, type FitModel, type FitBackground } from './fit/models';
export { formatFitResult, formatWithError, fitRows, type FitRow } from './fit/format';
export { computeCurve, curveMathLabel, type CurveMath, type CurveMathResult } from './curve-math';
export { compileExpression, type CompiledExpression, type ChannelValues } from './expression/evaluate';
export { ExpressionError } from './expression/errors';
export { channelResolver } from './expression/channel-names';
export { curveProbe, moveCommand, motorOfChannel, positionDecimals, formatPosition, type CurveProbe, type MoveCommandOptions } from './cursor';
export { type ImageArray, imageSize } from './image/image-array';
export { horizontalProfile, verticalProfile, lineProfile, bilinear, type Profile, type ProfileMethod } from './image/profile';
export { roiStats, rectFromCorners, type PixelRect, type RoiStats } from './image/roi-stats';
export { histogram, type Histogram, type HistogramOptions } from './image/histogram';
export { mcaRoi, mcaRoiSum, mcaRoiTrend, type McaRoi, type McaRoiResult } from './mca/roi';
export {
  channelToEnergy,
  energyToChannel,
  energyAxis,
  energyRangeToChannels,
  calibrationFromAxis,
  type EnergyCalibration,
} from './mca/calibration';
export { AnalysisClient, AnalysisError, SupersededError, type AnalysisPort } from './analysis-client';
export type { AnalysisRequest, AnalysisResponse } from './worker-protocol';
export { differenceToReference } from './compare';
export { toCsv, type CsvColumn } from './csv-export';
export { positionersOf, type Positioner } from './positioners';
export { limaRoisOf, limaRectPixels, type LimaRoi, type LimaRoiShape } from './image/lima-rois';
