/**
 * Redis failures as the API answers them: a specific status, a `type` a script can test, and a message
 * saying what happened (never ioredis's bare "Command timed out" or a WRONGTYPE line).
 */

export interface MappedError {
  status: number;
  type: string;
  message: string;
}

const CONNECTION = /Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Stream isn't writeable|max retries|LOADING|MASTERDOWN/;

export function mapRedisError(error: unknown, timeoutMs: number): MappedError | null {
  if (!(error instanceof Error)) return null;
  if (error.message === 'Command timed out') {
    return { status: 503, type: 'RedisTimeout', message: `Redis did not answer within ${timeoutMs} ms (stalled or overloaded); retry later` };
  }
  if (CONNECTION.test(error.message)) return { status: 503, type: 'RedisUnavailable', message: `Redis is unavailable: ${error.message}` };
  if (error.name === 'ReplyError' && /WRONGTYPE/.test(error.message)) {
    // The key exists with another type than blissdata writes: the database content is wrong, not the request.
    return { status: 502, type: 'WrongRedisType', message: `a Redis key of this scan holds another type than blissdata writes (${error.message})` };
  }
  if (error.name === 'ReplyError' && /NOPERM/.test(error.message)) {
    return { status: 502, type: 'RedisPermission', message: `Lantern's Redis user may not run this read (${error.message}); see the README's ACL` };
  }
  return null;
}
