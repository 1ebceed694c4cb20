/**
 * The `encoding` dict of a stream model (protocol section 6) and where an entry comes from (for errors).
 * Encodings stay plain JSON-shaped objects so a writer can put them in the scan document as they are.
 */
import { z } from 'zod';
import { MAX_POINT_DIMS, MAX_POINT_ELEMENTS } from '../bounds';
import { parseDtype } from '../dtype';
import { UnknownEncodingError } from '../errors';

export interface NumericEncoding {
  type: 'numeric';
  /** numpy `dtype.str`, e.g. `<f8`. */
  dtype_str: string;
  /** Shape of one point: `[]` scalar, `[1024]` spectrum, `[h, w]` image; -1 marks a variable dimension. */
  shape: number[];
}

export interface JsonEncoding {
  type: 'json';
}

export type Encoding = NumericEncoding | JsonEncoding;

/** Identifies the entry being decoded, for PayloadDecodeError. */
export interface EntryLocation {
  streamKey: string;
  entryId: string;
}

const numericSchema = z.object({
  type: z.literal('numeric'),
  dtype_str: z.string(),
  shape: z
    .array(z.int().min(-1, 'dimensions must be >= -1').max(MAX_POINT_ELEMENTS, `dimensions must be <= ${MAX_POINT_ELEMENTS}`))
    .max(MAX_POINT_DIMS, `at most ${MAX_POINT_DIMS} dimensions`)
    .refine((shape) => shape.reduce((n, d) => n * Math.max(d, 1), 1) <= MAX_POINT_ELEMENTS, `a point may hold at most ${MAX_POINT_ELEMENTS} elements`),
});

const typedSchema = z.object({ type: z.string() });

function describe(raw: unknown): string {
  if (Array.isArray(raw)) return 'an array';
  return typeof raw === 'string' ? JSON.stringify(raw) : typeof raw;
}

/**
 * Validates a stream model's `encoding`. `""`, null and a missing value mean "no encoding" (1.x writes `""`
 * for the state stream) and give null. Extra keys are ignored, as Python ignores them.
 * @throws UnknownEncodingError for a non-object, an unknown `type` or a bad numeric shape;
 *         UnknownDtypeError (a subclass) for a bad `dtype_str`.
 */
export function parseEncoding(raw: unknown): Encoding | null {
  if (raw === null || raw === undefined || raw === '') return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UnknownEncodingError(`encoding must be an object, "" or null, got ${describe(raw)}`);
  }
  const typed = typedSchema.safeParse(raw);
  if (!typed.success) throw new UnknownEncodingError('encoding has no string "type"');
  switch (typed.data.type) {
    case 'json':
      return { type: 'json' };
    case 'numeric': {
      const numeric = numericSchema.safeParse(raw);
      if (!numeric.success) {
        const issue = numeric.error.issues[0];
        const path = issue?.path.join('.') || 'encoding';
        throw new UnknownEncodingError(`invalid numeric encoding: ${path}: ${issue?.message ?? 'invalid'}`);
      }
      parseDtype(numeric.data.dtype_str);
      return { type: 'numeric', dtype_str: numeric.data.dtype_str, shape: [...numeric.data.shape] };
    }
    default:
      throw new UnknownEncodingError(`unknown stream encoding type ${JSON.stringify(typed.data.type)}`);
  }
}

/** True when the point shape has a -1 dimension, i.e. payloads are msgpack `[shape, bytes]`. */
export function isVariableShape(shape: readonly number[]): boolean {
  return shape.includes(-1);
}
