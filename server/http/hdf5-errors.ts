/** A read that failed inside the HDF5 library (a damaged or unexpected file) as the API answers it. */
import { latestHdf5Diagnostics } from '../hdf5-diagnostics';
import type { MappedError } from '../redis/errors';

/**
 * An error with no specific status (500) while HDF5 reported an error stack during the request: the
 * file is damaged or not what blissdata describes. 422 with the library's root cause, not h5wasm's
 * wrapper message ("error - name not defined!").
 */
export function mapHdf5Error(error: unknown, status: number, seqBefore: number): MappedError | null {
  const diagnostics = latestHdf5Diagnostics();
  if (status !== 500 || !diagnostics || diagnostics.seq <= seqBefore) return null;
  const cause = diagnostics.stack.at(-1);
  const detail = cause ? `${cause.message}${cause.minor ? ` (${cause.minor})` : ''}` : diagnostics.header;
  return { status: 422, type: 'Hdf5Error', message: `the HDF5 file cannot be read: ${detail} [${(error as Error).message}]` };
}
