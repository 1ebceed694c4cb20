/**
 * The `mylib` function library with `seal_stream`, as blissdata loads it: Python writers call
 * `FCALL seal_stream 1 <key>`, so the names and behaviour must stay identical.
 */
import type { Redis } from 'ioredis';

export const SEAL_LIBRARY = `#!lua name=mylib
local MAX_ID = '18446744073709551615'

-- Appends the seal entry (id 2^64-1 - 2^64-1, field id = total points) and returns the total.
local function seal_stream(keys, args)
  local stream = keys[1]
  local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
  local total = 0
  if #last > 0 then
    local id = last[1][1]
    local first = string.match(id, '^(%d+)-')
    if first == MAX_ID then
      return redis.error_reply(stream .. ' is already sealed.')
    end
    local len = 1
    local fields = last[1][2]
    for i = 1, #fields, 2 do
      if fields[i] == 'len' then len = tonumber(fields[i + 1]) end
    end
    total = tonumber(first) + len
  end
  redis.call('XADD', stream, MAX_ID .. '-' .. MAX_ID, 'id', string.format('%.0f', total))
  return total
end

redis.register_function('seal_stream', seal_stream)
`;

export async function loadSealFunction(redis: Redis): Promise<void> {
  await redis.call('FUNCTION', 'LOAD', 'REPLACE', SEAL_LIBRARY);
}

/** Seals a stream; an already sealed one is not an error (blissdata returns its length then). */
export async function sealStream(redis: Redis, streamKey: string): Promise<number> {
  try {
    return Number(await redis.call('FCALL', 'seal_stream', 1, streamKey));
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('is already sealed')) throw error;
    const last = (await redis.call('XREVRANGE', streamKey, '+', '-', 'COUNT', 1)) as [string, string[]][];
    const fields = last[0]?.[1] ?? [];
    const at = fields.indexOf('id');
    return at >= 0 ? Number(fields[at + 1]) : 0;
  }
}
