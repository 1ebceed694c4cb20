import { describe, expect, it } from 'vitest';
import { ApiError, connectErrorCode, readProblem, responseError } from './errors';

describe('responseError', () => {
  it("keeps the server's message, status and error type", async () => {
    const response = new Response(JSON.stringify({ error: 'frame 12 is not saved yet', type: 'FrameNotSavedYetError', lastReadable: 9 }), { status: 409 });
    const error = await responseError(response, 'frame 12 of lima:image');
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('frame 12 of lima:image: frame 12 is not saved yet');
    expect(error.status).toBe(409);
    expect(error.type).toBe('FrameNotSavedYetError');
    expect(error.body.lastReadable).toBe(9);
  });

  it('says the HTTP status when the body is not Lantern JSON (a proxy page)', async () => {
    const error = await responseError(new Response('<html>bad gateway</html>', { status: 502 }), 'level of detail of diode1');
    expect(error.message).toBe('level of detail of diode1: HTTP 502');
    expect(error.type).toBeNull();
  });
});

describe('readProblem', () => {
  it("names the problem from the server's error type, whatever the status", () => {
    expect(readProblem(409, 'FrameNotSavedYetError')).toBe('not-saved');
    expect(readProblem(404, 'StreamNotFoundError')).toBe('missing');
    expect(readProblem(403, 'PathNotAllowedError')).toBe('forbidden');
    expect(readProblem(410, 'IndexNoMoreThereError')).toBe('expired');
    expect(readProblem(413, 'ReadTooLargeError')).toBe('too-large');
    expect(readProblem(422, 'Hdf5Error')).toBe('unsupported');
    // The type wins over a status that would say otherwise (a proxy rewriting statuses).
    expect(readProblem(500, 'ScanNotFoundError')).toBe('missing');
  });

  it("names the problem of the server's typed refusals (lib/wire/http-errors.ts), whatever the status", () => {
    expect(readProblem(500, 'SliceTooLarge')).toBe('too-large');
    expect(readProblem(500, 'BadRequest')).toBe('unsupported');
    expect(readProblem(500, 'NoRoute')).toBe('missing');
    expect(readProblem(500, 'Unauthorized')).toBe('forbidden');
    expect(readProblem(500, 'StreamUnreadable')).toBe('unsupported');
  });

  it('falls back on the status for generic or unknown types and non-Lantern bodies', () => {
    expect(readProblem(416, 'SomethingElse')).toBe('out-of-range');
    expect(readProblem(400, 'SomethingElse')).toBe('unsupported');
    expect(readProblem(410, null)).toBe('expired');
    expect(readProblem(502, null)).toBe('server');
    expect(readProblem(500, 'TypeError')).toBe('server');
  });
});

describe('connectErrorCode', () => {
  const refusal = (data: unknown) => Object.assign(new Error('refused'), { data });
  it("reads the server's typed code, not the message", () => {
    expect(connectErrorCode(refusal({ code: 'protocol', type: 'WireProtocolError' }))).toBe('protocol');
    expect(connectErrorCode(Object.assign(new Error('nothing about it here'), { data: { code: 'protocol', type: 'WireProtocolError' } }))).toBe('protocol');
    // A message that mentions a protocol is not a protocol refusal (a transport error, say).
    expect(connectErrorCode(new Error('websocket error: protocol mismatch'))).toBeNull();
  });

  it('treats a sign-in refusal (type only) as forbidden and ignores unknown codes', () => {
    expect(connectErrorCode(refusal({ type: 'Unauthorized' }))).toBe('forbidden');
    expect(connectErrorCode(refusal({ code: 'teapot' }))).toBeNull();
    expect(connectErrorCode(refusal(null))).toBeNull();
  });
});
