/**
 * The scan JSON document (redis-om ScanModel) as stored under `<prefix>:scan:<ULID>`, validated on read.
 * 1.x documents may carry `""` instead of `null` for stream encodings/infos; both mean "absent".
 */
import { z } from 'zod';
import { ScanDocumentError } from './errors';

export enum ScanState {
  CREATED = 0,
  PREPARED = 1,
  STARTED = 2,
  STOPPED = 3,
  CLOSED = 4,
}

export const SCAN_STATE_NAMES: Record<ScanState, string> = {
  [ScanState.CREATED]: 'CREATED',
  [ScanState.PREPARED]: 'PREPARED',
  [ScanState.STARTED]: 'STARTED',
  [ScanState.STOPPED]: 'STOPPED',
  [ScanState.CLOSED]: 'CLOSED',
};

export function parseScanState(text: string): ScanState | undefined {
  const n = Number(text);
  return Number.isInteger(n) && n >= ScanState.CREATED && n <= ScanState.CLOSED ? (n as ScanState) : undefined;
}

const optionalText = z.string().nullish();
/** `dict | "" | null`, as 1.x and 2.x documents differ. */
const optionalDict = z
  .union([z.record(z.string(), z.unknown()), z.literal(''), z.null()])
  .optional()
  .transform((v) => (v === '' || v === undefined ? null : v));

const identitySchema = z
  .object({
    pk: z.string().optional(),
    name: z.string(),
    number: z.number().int(),
    data_policy: z.string(),
    session: optionalText,
    proposal: optionalText,
    collection: optionalText,
    dataset: optionalText,
    path: optionalText,
  })
  .catchall(z.unknown());

const streamModelSchema = z.object({
  pk: z.string().min(1),
  encoding: optionalDict,
  info: optionalDict,
});

const scanDocumentSchema = z.object({
  pk: z.string().min(1),
  id: identitySchema,
  info: z.record(z.string(), z.unknown()),
  state_stream: streamModelSchema,
  data_streams: z.record(z.string(), streamModelSchema).default({}),
});

export type ScanIdentity = z.output<typeof identitySchema>;
export type StreamModel = z.output<typeof streamModelSchema>;
export type ScanDocument = z.output<typeof scanDocumentSchema>;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(document)'}: ${issue.message}`)
    .join('; ');
}

/** Parses and validates a scan document; `raw` is the JSON text from JSON.GET or an already parsed value. */
export function parseScanDocument(scanKey: string, raw: string | unknown): ScanDocument {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw new ScanDocumentError(scanKey, `not valid JSON (${(cause as Error).message})`, { cause });
    }
  }
  const result = scanDocumentSchema.safeParse(value);
  if (!result.success) throw new ScanDocumentError(scanKey, describeIssues(result.error), { cause: result.error });
  const doc = result.data;
  const suffix = scanKey.slice(scanKey.lastIndexOf(':') + 1);
  if (doc.pk !== suffix) throw new ScanDocumentError(scanKey, `pk ${JSON.stringify(doc.pk)} does not match the key`);
  return doc;
}
