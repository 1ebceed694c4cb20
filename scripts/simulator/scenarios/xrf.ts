/**
 * `ascan roby 0 2 <n-1> 0.1 mca1 image2d`: a step scan whose timer also triggers an MCA and a small
 * camera, so one scan has a curve, an MCA spectrum and an image (Flint shows them in three docks).
 * The MCA device publishes its energy calibration as `metadata.calibration` ([a, b] keV, PyMca's
 * order; 10 eV per channel), the hint Lantern's MCA plot reads for its energy axis.
 */
import { MCA_CHANNELS, MCA_EV_PER_CHANNEL, sampleSpectrum, spectrumModel } from '../models/mca-spectrum';
import { IMAGE2D_SIZE, ringImage } from '../models/frames';
import { gaussian } from '../models/peaks';
import type { ScenarioContext } from '../scan-run';
import { DIODE1_PEAK, sendScalar } from './bliss-devices';
import { runAscan, STEP_SCAN_DEFAULTS, type StepDetector } from './step-scans';

export const XRF_STREAMS = { spectrum: 'mca1:spectrum_det0', realtime: 'mca1:realtime_det0', image: 'image2d:frame' } as const;
/** E = a + b·ch in keV. */
export const XRF_CALIBRATION = { a: 0, b: MCA_EV_PER_CHANNEL / 1000, unit: 'keV' } as const;
export const XRF_DEFAULTS = { points: 21, rate: 5 };

export function runXrfScan(ctx: ScenarioContext) {
  const npoints = Math.max(2, Math.round(ctx.points ?? XRF_DEFAULTS.points));
  const detector = async (): Promise<StepDetector> => ({
    device: {
      key: 'mca1',
      type: 'mca',
      metadata: { calibration: [XRF_CALIBRATION.a, XRF_CALIBRATION.b], calibration_unit: XRF_CALIBRATION.unit },
      channels: [
        { name: XRF_STREAMS.spectrum, dtype: '<u4', shape: [MCA_CHANNELS] },
        { name: XRF_STREAMS.realtime, meta: { unit: 's' } },
      ],
    },
    moreDevices: [{ key: 'image2d', channels: [{ name: XRF_STREAMS.image, dtype: '<f4', shape: [IMAGE2D_SIZE, IMAGE2D_SIZE] }] }],
    acquire(run, index, position) {
      // The fluorescence follows diode1's peak: the sample's spot crosses the beam.
      const scale = 0.2 + gaussian(position, DIODE1_PEAK.centre, DIODE1_PEAK.sigma * 2);
      run.stream(XRF_STREAMS.spectrum).send(sampleSpectrum(spectrumModel(scale), ctx.random));
      sendScalar(run, XRF_STREAMS.realtime, STEP_SCAN_DEFAULTS.countTime);
      run.stream(XRF_STREAMS.image).send(ringImage(index, ctx.random));
    },
    finish: async () => undefined,
    params: { calibration: XRF_CALIBRATION },
  });
  return runAscan(ctx, { npoints, rate: ctx.rate ?? XRF_DEFAULTS.rate, detector });
}
