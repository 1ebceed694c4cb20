import { describe, expect, it } from 'vitest';
import { ApiError, responseError } from './errors';

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
