/**
 * Scan simulator: publishes Bliss- and Sardana-shaped scans into a blissdata Redis, for the demo, e2e
 * tests and benchmarks. Programmatic use:
 *
 *   const scan = await runScenario(store, 'ascan', { points: 10, rate: 1000, seed: 1 });
 *   scan.key, scan.streams, scan.published['simulation_diode_sampling_controller:diode1'], scan.params
 */
export { SCENARIOS, SCENARIO_NAMES, isScenarioName, runScenario, scenarioContext, type ScenarioName, type ScenarioOptions } from './registry';
export { LOOP_PROGRAM, runRepeated, type RepeatOptions } from './scenarios/loop';
export type { EndReason, ScanAnnouncement, SimulatedScan, ScenarioContext } from './scan-run';
export type { PublishedData } from './recorded-stream';
export { ScanNumbering, maxExistingScanNumber, numberingFor } from './numbering';
export { DIODE1_PEAK, DIODE2_PEAK, MONITOR, DIODES, TIMER, MONITOR_CHANNEL } from './scenarios/bliss-devices';
export { STEP_SCAN_DEFAULTS, DSCAN_DEFAULTS, type StepScanParams } from './scenarios/step-scans';
export { AMESH_DEFAULTS, AMESH_PEAK, meshGrid, type MeshParams } from './scenarios/mesh';
export { TIMESCAN_DEFAULTS, CT_POSITION, type TimeScanParams } from './scenarios/time-scans';
export { FAST_DEFAULTS, FAST_CHANNELS, FAST_PEAK, fastBatchSize, type FastScanParams } from './scenarios/fast';
export { MCA_DEFAULTS, MCA_STREAMS, type McaScanParams } from './scenarios/mca';
export { MCA_CHANNELS, MCA_LINES, lineChannel } from './models/mca-spectrum';
export { LIMA_DEFAULTS, LIMA_STREAM, runLimaScan, type LimaParams, type LimaSavedReport } from './scenarios/lima';
export { LIMA_FRAME, DIGIT_VALUE, IMAGE2D_SIZE } from './models/frames';
export { IMAGE2D_DEFAULTS, IMAGE2D_STREAM } from './scenarios/image2d';
export { SEQUENCE_DEFAULTS, SEQUENCE_CHILD_CENTRES, type SequenceParams } from './scenarios/sequence';
export { SARDANA_DEFAULTS, SARDANA_STREAMS, SARDANA_CT01_PEAK, type SardanaParams } from './scenarios/sardana';
export { centroid, linspace, peakValue, type Peak, type Peak2D } from './models/peaks';
