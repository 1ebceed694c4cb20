/**
 * The RedisJSON stand-in, exercised through a real redis-server: reply formats of RedisJSON 2.6/2.8 over
 * RESP2 and RESP3, error texts, serde_json parse errors, Redis integration (types, TTL, WATCH, COPY,
 * keyspace events) and persistence (RDB, AOF, AOF rewrite).
 * Replies are compared after JSON.parse, except error texts and deliberate checks of the canonical output.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRedis, type RedisInstance } from '../../testing/redis-launcher';

const scanDoc = {
  pk: '01HHMHGD8J5HH0BPMW9P6K5XQF',
  id: { name: 'ascan', number: 42, session: 'demo_session', path: null },
  info: { title: 'ascan roby 0 1 2 0.1', npoints: 3, nested: { deep: [1, 2.5, { x: true }] } },
  state_stream: { pk: '01HHMHGD8K0000000000000001', encoding: null, info: null },
  data_streams: {},
};

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the command to fail');
}

function client(server: RedisInstance, protocol: 2 | 3 = 2): Redis {
  const redis = new Redis(server.url, { protocol, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  return redis;
}

const jget = async (redis: Redis, ...args: string[]) => {
  const reply = (await redis.call('JSON.GET', ...args)) as string | null;
  return reply === null ? null : (JSON.parse(reply) as unknown);
};

describe('RedisJSON stand-in', () => {
  let server: RedisInstance;
  let r: Redis;

  beforeAll(async () => {
    server = await startRedis({ persistence: 'none', enableDebug: true });
    r = client(server, 2);
  });
  afterAll(async () => {
    r?.disconnect();
    await server?.stop();
  });
  beforeEach(async () => {
    await r.flushall();
  });

  describe.each([2, 3] as const)('reply formats over RESP%i', (protocol) => {
    let c: Redis;
    beforeAll(() => {
      c = client(server, protocol);
    });
    afterAll(() => c.disconnect());

    it('sets and gets the root with no path, ".", "$"', async () => {
      // redis-om sends json.dumps output, with spaces the module must compact
      expect(await c.call('JSON.SET', 'doc', '.', '{"a": 1, "b": [true, null, "x"]}')).toBe('OK');
      expect(await c.call('JSON.GET', 'doc')).toBe('{"a":1,"b":[true,null,"x"]}');
      expect(await jget(c, 'doc')).toEqual({ a: 1, b: [true, null, 'x'] });
      expect(await jget(c, 'doc', '.')).toEqual({ a: 1, b: [true, null, 'x'] });
      expect(await jget(c, 'doc', '$')).toEqual([{ a: 1, b: [true, null, 'x'] }]);
      expect(await c.call('JSON.SET', 'doc', '$', JSON.stringify(scanDoc))).toBe('OK');
      expect(await jget(c, 'doc')).toEqual(scanDoc);
      expect(await c.call('JSON.GET', 'missing')).toBeNull();
      expect(await c.call('JSON.GET', 'missing', '$')).toBeNull();
      expect(await c.call('JSON.GET', 'missing', 'a.b')).toBeNull();
    });

    it('gets member paths: legacy bare values, JSONPath arrays, errors and empty matches', async () => {
      await c.call('JSON.SET', 'doc', '.', JSON.stringify(scanDoc));
      expect(await jget(c, 'doc', 'state_stream.pk')).toBe(scanDoc.state_stream.pk);
      expect(await jget(c, 'doc', '.state_stream.pk')).toBe(scanDoc.state_stream.pk);
      expect(await jget(c, 'doc', '$.state_stream.pk')).toEqual([scanDoc.state_stream.pk]);
      expect(await jget(c, 'doc', '.info.nested')).toEqual({ deep: [1, 2.5, { x: true }] });
      expect(await jget(c, 'doc', '$.info.nested.deep[2].x')).toEqual([true]);
      expect(await jget(c, 'doc', 'info.nested.deep[-1]')).toEqual({ x: true });
      expect(await jget(c, 'doc', "$['info']['npoints']")).toEqual([3]);
      expect(await jget(c, 'doc', '$["id"].path')).toEqual([null]);
      expect(await jget(c, 'doc', '$.nope')).toEqual([]);
      expect(await jget(c, 'doc', '$.info.nested.deep[3]')).toEqual([]);
      expect(await jget(c, 'doc', '$.pk.x')).toEqual([]);
      expect(await errorOf(c.call('JSON.GET', 'doc', 'nope'))).toBe("ERR Path '$.nope' does not exist");
      expect(await errorOf(c.call('JSON.GET', 'doc', '.info.nope'))).toBe("ERR Path '$.info.nope' does not exist");
      expect(await errorOf(c.call('JSON.GET', 'doc', 'info.nested.deep[7]'))).toBe(
        "ERR Path '$.info.nested.deep[7]' does not exist",
      );
    });

    it('gets several paths as one object keyed by the paths as given', async () => {
      await c.call('JSON.SET', 'doc', '.', JSON.stringify(scanDoc));
      expect(await jget(c, 'doc', 'pk', '.id.number', 'state_stream')).toEqual({
        pk: scanDoc.pk,
        '.id.number': 42,
        state_stream: scanDoc.state_stream,
      });
      // one JSONPath makes every value an array, and a missing path an empty one
      expect(await jget(c, 'doc', 'pk', '$.id.name', '$.nope')).toEqual({
        pk: [scanDoc.pk],
        '$.id.name': ['ascan'],
        '$.nope': [],
      });
      expect(await jget(c, 'doc', 'pk', 'pk')).toEqual({ pk: scanDoc.pk });
      expect(await errorOf(c.call('JSON.GET', 'doc', 'pk', 'id.nope'))).toBe("ERR Path 'id.nope' does not exist");
    });

    it('JSON.MGET: one entry per key, nil for missing key, wrong type or missing legacy path', async () => {
      await c.call('JSON.SET', 'esrf:scan:A', '.', JSON.stringify(scanDoc));
      await c.call('JSON.SET', 'esrf:scan:B', '.', '{"state_stream":{"pk":"P2"}}');
      await c.call('JSON.SET', 'esrf:scan:C', '.', '{"other":1}');
      await c.set('plain', 'x');
      const keys = ['esrf:scan:A', 'esrf:scan:B', 'missing', 'plain', 'esrf:scan:C'];
      const legacy = (await c.call('JSON.MGET', ...keys, 'state_stream.pk')) as (string | null)[];
      expect(legacy.map((v) => (v === null ? null : JSON.parse(v)))).toEqual([
        scanDoc.state_stream.pk,
        'P2',
        null,
        null,
        null,
      ]);
      const jsonPath = (await c.call('JSON.MGET', ...keys, '$.state_stream.pk')) as (string | null)[];
      expect(jsonPath.map((v) => (v === null ? null : JSON.parse(v)))).toEqual([
        [scanDoc.state_stream.pk],
        ['P2'],
        null,
        null,
        [],
      ]);
      const roots = (await c.call('JSON.MGET', 'esrf:scan:B', '.')) as string[];
      expect(roots.map((v) => JSON.parse(v))).toEqual([{ state_stream: { pk: 'P2' } }]);
    });

    it('JSON.TYPE names every type, with the RESP3 extra array', async () => {
      const wrap = (v: unknown) => (protocol === 3 ? [v] : v);
      await c.call(
        'JSON.SET',
        'doc',
        '.',
        '{"o":{},"a":[],"s":"x","i":-7,"u":18446744073709551615,"f":1.0,"e":1e3,"z":-0,"b":false,"n":null}',
      );
      expect(await c.call('JSON.TYPE', 'doc')).toEqual(wrap('object'));
      const names = { o: 'object', a: 'array', s: 'string', i: 'integer', u: 'integer', f: 'number' };
      for (const [field, name] of Object.entries({ ...names, e: 'number', z: 'number', b: 'boolean', n: 'null' })) {
        expect(await c.call('JSON.TYPE', 'doc', field)).toEqual(wrap(name));
        expect(await c.call('JSON.TYPE', 'doc', `$.${field}`)).toEqual(wrap([name]));
      }
      expect(await c.call('JSON.TYPE', 'doc', '$')).toEqual(wrap(['object']));
      expect(await c.call('JSON.TYPE', 'doc', 'nope')).toEqual(wrap(null));
      expect(await c.call('JSON.TYPE', 'doc', '$.nope')).toEqual(wrap([]));
      expect(await c.call('JSON.TYPE', 'missing')).toEqual(wrap(null));
      expect(await c.call('JSON.TYPE', 'missing', '$')).toEqual(wrap(null));
    });

    it('JSON.SET NX/XX answer nil without writing', async () => {
      expect(await c.call('JSON.SET', 'doc', '.', '1', 'XX')).toBeNull();
      expect(await c.exists('doc')).toBe(0);
      expect(await c.call('JSON.SET', 'doc', '.', '{"a":1}', 'nx')).toBe('OK');
      expect(await c.call('JSON.SET', 'doc', '.', '{"a":2}', 'NX')).toBeNull();
      expect(await jget(c, 'doc')).toEqual({ a: 1 });
      expect(await c.call('JSON.SET', 'doc', '$', '{"a":3}', 'XX')).toBe('OK');
      expect(await c.call('JSON.SET', 'doc', 'a', '4', 'NX')).toBeNull();
      expect(await c.call('JSON.SET', 'doc', 'b', '5', 'XX')).toBeNull();
      expect(await c.call('JSON.SET', 'doc', '$.b', '6', 'NX')).toBe('OK');
      expect(await c.call('JSON.SET', 'doc', '.a', '7', 'xx')).toBe('OK');
      expect(await jget(c, 'doc')).toEqual({ a: 7, b: 6 });
      expect(await c.call('JSON.SET', 'missing', 'a', '1', 'XX')).toBeNull();
    });
  });

  it('JSON.SET on member paths replaces, adds to existing objects and refuses to invent parents', async () => {
    await r.call('JSON.SET', 'doc', '.', '{"a":{"b":1},"arr":[1,2,3]}');
    expect(await r.call('JSON.SET', 'doc', 'a.b', '{"deep":[1]}')).toBe('OK');
    expect(await r.call('JSON.SET', 'doc', '.a.c', '"new"')).toBe('OK');
    expect(await r.call('JSON.SET', 'doc', '$.a.d', 'null')).toBe('OK');
    expect(await r.call('JSON.SET', 'doc', '$.arr[1]', '20')).toBe('OK');
    expect(await r.call('JSON.SET', 'doc', 'arr[-1]', '30')).toBe('OK');
    expect(await r.call('JSON.SET', 'doc', "$['key with space']", '1')).toBe('OK');
    expect(await r.call('JSON.SET', 'doc', '$.arr[5]', '1')).toBeNull();
    expect(await r.call('JSON.SET', 'doc', '$.x.y', '1')).toBeNull();
    expect(await r.call('JSON.SET', 'doc', 'arr.x', '1')).toBeNull();
    expect(await jget(r, 'doc')).toEqual({
      a: { b: { deep: [1] }, c: 'new', d: null },
      arr: [1, 20, 30],
      'key with space': 1,
    });
    // members keep their insertion order, a replaced member keeps its place
    expect(await r.call('JSON.GET', 'doc')).toBe(
      '{"a":{"b":{"deep":[1]},"c":"new","d":null},"arr":[1,20,30],"key with space":1}',
    );
    expect(await errorOf(r.call('JSON.SET', 'fresh', '$.a', '1'))).toBe('ERR new objects must be created at the root');
    expect(await errorOf(r.call('JSON.SET', 'fresh', 'a', '1'))).toBe('ERR new objects must be created at the root');
    expect(await r.exists('fresh')).toBe(0);
  });

  it('checks arity and options', async () => {
    // Redis 7 quotes the registered (lower-case) name, whatever case the client sent
    expect(await errorOf(r.call('JSON.SET', 'doc', '.'))).toBe("ERR wrong number of arguments for 'json.set' command");
    expect(await errorOf(r.call('JSON.GET'))).toBe("ERR wrong number of arguments for 'json.get' command");
    expect(await errorOf(r.call('JSON.MGET', 'doc'))).toBe("ERR wrong number of arguments for 'json.mget' command");
    expect(await errorOf(r.call('JSON.DEL'))).toBe("ERR wrong number of arguments for 'json.del' command");
    expect(await errorOf(r.call('Json.Type'))).toBe("ERR wrong number of arguments for 'json.type' command");
    expect(await errorOf(r.call('JSON.SET', 'doc', '.', '1', 'NX', 'XX'))).toBe('ERR syntax error');
    expect(await errorOf(r.call('JSON.SET', 'doc', '.', '1', 'NX', 'NX'))).toBe('ERR syntax error');
    expect(await errorOf(r.call('JSON.SET', 'doc', '.', '1', 'PX'))).toBe('ERR syntax error');
    expect(await r.exists('doc')).toBe(0);
    await r.call('JSON.SET', 'doc', '.', '{"a":1}');
    expect(await errorOf(r.call('JSON.GET', 'doc', 'INDENT'))).toBe(
      "ERR wrong number of arguments for 'json.get' command",
    );
    expect(await errorOf(r.call('JSON.GET', 'doc', 'FORMAT', 'EXPAND'))).toBe(
      'ERR the RedisJSON stand-in does not support FORMAT; use redis-stack',
    );
    expect(await r.call('JSON.GET', 'doc', 'NOESCAPE', '.')).toBe('{"a":1}');
  });

  it('formats with INDENT, NEWLINE and SPACE like RedisJSON', async () => {
    await r.call('JSON.SET', 'doc', '.', '{"a":[1,{}],"b":{"c":[]}}');
    expect(await r.call('JSON.GET', 'doc', 'INDENT', '\t', 'NEWLINE', '\n', 'SPACE', ' ')).toBe(
      '{\n\t"a": [\n\t\t1,\n\t\t{}\n\t],\n\t"b": {\n\t\t"c": []\n\t}\n}',
    );
    expect(await r.call('JSON.GET', 'doc', 'NEWLINE', '\n', '$.b')).toBe('[\n{\n"c":[]\n}\n]');
    expect(await r.call('JSON.GET', 'doc', 'SPACE', ' ', 'a')).toBe('[1,{}]');
    expect(JSON.parse((await r.call('JSON.GET', 'doc', 'INDENT', '  ', 'NEWLINE', '\n', 'a', 'b')) as string)).toEqual({
      a: [1, {}],
      b: { c: [] },
    });
  });

  it('JSON.DEL and JSON.FORGET count what they delete', async () => {
    await r.call('JSON.SET', 'doc', '.', '{"a":{"b":1,"c":2},"arr":[1,2,3]}');
    expect(await r.call('JSON.DEL', 'doc', 'a.b')).toBe(1);
    expect(await r.call('JSON.DEL', 'doc', 'a.b')).toBe(0);
    expect(await r.call('JSON.FORGET', 'doc', '$.arr[0]')).toBe(1);
    expect(await r.call('JSON.DEL', 'doc', '$.nope.x')).toBe(0);
    expect(await jget(r, 'doc')).toEqual({ a: { c: 2 }, arr: [2, 3] });
    expect(await r.call('JSON.DEL', 'doc', '.a')).toBe(1);
    expect(await r.call('JSON.GET', 'doc')).toBe('{"arr":[2,3]}');
    expect(await r.call('JSON.DEL', 'missing')).toBe(0);
    expect(await r.call('JSON.DEL', 'doc')).toBe(1);
    expect(await r.exists('doc')).toBe(0);
    await r.call('JSON.SET', 'doc', '.', '1');
    expect(await r.call('JSON.FORGET', 'doc', '$')).toBe(1);
    expect(await r.exists('doc')).toBe(0);
  });

  it('keeps JSON and other Redis types apart, both ways', async () => {
    await r.set('str', 'x');
    await r.call('JSON.SET', 'doc', '.', '{"a":1}');
    const commands: [string, ...string[]][] = [
      ['JSON.SET', 'str', '.', '1'],
      ['JSON.GET', 'str'],
      ['JSON.TYPE', 'str'],
      ['JSON.DEL', 'str'],
    ];
    for (const [command, ...args] of commands) {
      expect(await errorOf(r.call(command, ...args))).toBe('Existing key has wrong Redis type');
    }
    expect(await r.get('str')).toBe('x');
    expect(await errorOf(r.get('doc'))).toMatch(/^WRONGTYPE /);
    expect(await errorOf(r.hget('doc', 'a'))).toMatch(/^WRONGTYPE /);
    expect(await r.type('doc')).toBe('ReJSON-RL');
    expect(await r.type('str')).toBe('string');
  });

  it('is found by SCAN ... TYPE ReJSON-RL', async () => {
    await r.call('JSON.SET', 'esrf:scan:01A', '.', '{}');
    await r.call('JSON.SET', 'esrf:scan:01B', '.', '{}');
    await r.set('esrf:scan:index:hash', 'sha');
    await r.call('JSON.SET', 'other:1', '.', '{}');
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', 'esrf:scan:*', 'TYPE', 'ReJSON-RL');
      found.push(...keys);
      cursor = next;
    } while (cursor !== '0');
    expect(found.sort()).toEqual(['esrf:scan:01A', 'esrf:scan:01B']);
  });

  it('keeps the TTL when the root or a member is overwritten, and expires like any key', async () => {
    await r.call('JSON.SET', 'doc', '.', '{"a":1}');
    expect(await r.expire('doc', 100)).toBe(1);
    expect(await r.call('JSON.SET', 'doc', '.', '{"a":2}')).toBe('OK');
    const ttl = await r.ttl('doc');
    expect(ttl).toBeGreaterThan(90);
    expect(ttl).toBeLessThanOrEqual(100);
    await r.call('JSON.SET', 'doc', '$.a', '3');
    expect(await r.ttl('doc')).toBeGreaterThan(90);
    expect(await jget(r, 'doc')).toEqual({ a: 3 });
    // a deleted key is created afresh without TTL
    await r.call('JSON.DEL', 'doc');
    await r.call('JSON.SET', 'doc', '.', '{}');
    expect(await r.ttl('doc')).toBe(-1);
    expect(await r.pexpire('doc', 30)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await r.call('JSON.GET', 'doc')).toBeNull();
    expect(await r.exists('doc')).toBe(0);
  });

  it('aborts EXEC after another client changes a WATCHed key, and runs in MULTI like blissdata', async () => {
    const other = client(server, 3);
    try {
      await r.call('JSON.SET', 'doc', '.', '{"v":1}');
      await r.watch('doc');
      await other.call('JSON.SET', 'doc', '.', '{"v":2}');
      expect(await r.multi().call('JSON.SET', 'doc', '.', '{"v":3}').exec()).toBeNull();
      expect(await jget(r, 'doc')).toEqual({ v: 2 });

      await r.watch('doc');
      const result = await r.multi().call('JSON.SET', 'doc', '.', '{"v":4}').xadd('stream', '*', 'state', '1').exec();
      expect(result?.[0]).toEqual([null, 'OK']);
      expect(await jget(other, 'doc')).toEqual({ v: 4 });
      expect(await other.xlen('stream')).toBe(1);
    } finally {
      other.disconnect();
    }
  });

  it('supports COPY as a deep copy', async () => {
    await r.call('JSON.SET', 'src', '.', JSON.stringify(scanDoc));
    expect(await r.copy('src', 'dst')).toBe(1);
    expect(await r.type('dst')).toBe('ReJSON-RL');
    await r.call('JSON.SET', 'dst', 'info.nested.deep[0]', '"changed"');
    await r.call('JSON.DEL', 'dst', 'id');
    expect(await jget(r, 'src')).toEqual(scanDoc);
    expect(await jget(r, 'dst', '$.info.nested.deep[0]')).toEqual(['changed']);
    expect(await jget(r, 'dst', '$.id')).toEqual([]);
  });

  it('publishes json.set and json.del keyspace events', async () => {
    await r.config('SET', 'notify-keyspace-events', 'Ed');
    const sub = client(server, 2);
    try {
      const events: string[] = [];
      sub.on('pmessage', (_pattern, channel: string, key: string) => events.push(`${channel.split(':').pop()} ${key}`));
      await sub.psubscribe('__keyevent@0__:json.*');
      await r.call('JSON.SET', 'doc', '.', '{"a":1}');
      await r.call('JSON.SET', 'doc', '.', '2', 'NX'); // nothing written, no event
      await r.call('JSON.DEL', 'doc', '$.nope'); // nothing deleted, no event
      await r.call('JSON.DEL', 'doc');
      await r.ping();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events).toEqual(['json.set doc', 'json.del doc']);
    } finally {
      sub.disconnect();
      await r.config('SET', 'notify-keyspace-events', '');
    }
  });

  describe('parser', () => {
    const cases: [string, string][] = [
      ['', 'EOF while parsing a value at line 1 column 0'],
      ['   ', 'EOF while parsing a value at line 1 column 3'],
      ['x', 'expected value at line 1 column 1'],
      ['NaN', 'expected value at line 1 column 1'],
      ['[NaN]', 'expected value at line 1 column 2'],
      ['{"a":1', 'EOF while parsing an object at line 1 column 6'],
      ['[1,2', 'EOF while parsing a list at line 1 column 4'],
      ['"abc"x', 'trailing characters at line 1 column 6'],
      ['{} {}', 'trailing characters at line 1 column 4'],
      ['{1:2}', 'key must be a string at line 1 column 2'],
      ['{,}', 'key must be a string at line 1 column 2'],
      ['[1,2,]', 'trailing comma at line 1 column 6'],
      ['{"a":1,}', 'trailing comma at line 1 column 8'],
      ['[,1]', 'expected value at line 1 column 2'],
      ['[1 2]', 'expected `,` or `]` at line 1 column 4'],
      ['{"a" 1}', 'expected `:` at line 1 column 6'],
      ['{"a":1 "b":2}', 'expected `,` or `}` at line 1 column 8'],
      ['01', 'invalid number at line 1 column 2'],
      ['-01', 'invalid number at line 1 column 3'],
      ['-', 'EOF while parsing a value at line 1 column 1'],
      ['-x', 'invalid number at line 1 column 2'],
      ['1.', 'EOF while parsing a value at line 1 column 2'],
      ['1.x', 'invalid number at line 1 column 3'],
      ['1e', 'EOF while parsing a value at line 1 column 2'],
      ['1e+x', 'invalid number at line 1 column 4'],
      ['+1', 'expected value at line 1 column 1'],
      ['.5', 'expected value at line 1 column 1'],
      ['1e400', 'number out of range at line 1 column 5'],
      ['nul', 'EOF while parsing a value at line 1 column 3'],
      ['nulx', 'expected ident at line 1 column 4'],
      ['True', 'expected value at line 1 column 1'],
      ['"abc', 'EOF while parsing a string at line 1 column 4'],
      ['"a\u0001"', 'control character (\\u0000-\\u001F) found while parsing a string at line 1 column 3'],
      ['"a\nb"', 'control character (\\u0000-\\u001F) found while parsing a string at line 2 column 0'],
      ['"\\x"', 'invalid escape at line 1 column 3'],
      ['"\\u12G4"', 'invalid escape at line 1 column 6'],
      ['"\\u12"', 'EOF while parsing a string at line 1 column 6'],
      ['"\\ud800"', 'unexpected end of hex escape at line 1 column 8'],
      ['"\\ud800\\u0041"', 'lone leading surrogate in hex escape at line 1 column 13'],
      ['"\\udc00"', 'lone leading surrogate in hex escape at line 1 column 7'],
      ['{\n  "a": x\n}', 'expected value at line 2 column 8'],
      ["{'a':1}", 'key must be a string at line 1 column 2'],
    ];
    it.each(cases)('refuses %j with serde_json’s message', async (text, message) => {
      await r.call('JSON.SET', 'doc', '.', '{"kept":true}');
      expect(await errorOf(r.call('JSON.SET', 'doc', '.', text))).toBe(message);
      expect(await jget(r, 'doc')).toEqual({ kept: true });
    });

    it('refuses invalid UTF-8 anywhere in the text', async () => {
      // a bad byte, an overlong NUL, a UTF-16 surrogate, a truncated sequence
      const texts = [[0x22, 0xff, 0x22], [0x22, 0xc0, 0x80, 0x22], [0x22, 0xed, 0xa0, 0x80, 0x22], [0x22, 0xe2, 0x82]];
      for (const bytes of texts) {
        const reply = r.call('JSON.SET', 'doc', '.', Buffer.from(bytes));
        expect(await errorOf(reply)).toBe("Couldn't parse as UTF-8 string");
      }
      expect(await r.exists('doc')).toBe(0);
    });

    it('accepts 127 levels of nesting and refuses 128, like serde_json', async () => {
      const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
      expect(await r.call('JSON.SET', 'doc', '.', nest(127))).toBe('OK');
      expect(await r.call('JSON.GET', 'doc')).toBe(nest(127));
      expect(await errorOf(r.call('JSON.SET', 'doc', '.', nest(128)))).toBe(
        'recursion limit exceeded at line 1 column 128',
      );
      expect(await errorOf(r.call('JSON.SET', 'doc', '.', `{"a":${'{"a":'.repeat(127)}1${'}'.repeat(128)}`))).toBe(
        'recursion limit exceeded at line 1 column 636',
      );
    });

    it('round-trips UTF-8 and escapes, and re-escapes canonically', async () => {
      const doc = {
        'clé 日本': 'é日本😀',
        controls: '\u0000\u0001\b\f\n\r\t\u001f\u007f',
        quotes: 'a"b\\c/d',
        emoji: ['\ud83d\ude00', 'x'],
      };
      await r.call('JSON.SET', 'doc', '.', JSON.stringify(doc));
      expect(await jget(r, 'doc')).toEqual(doc);
      expect(await jget(r, 'doc', "$['clé 日本']")).toEqual(['é日本😀']);
      await r.call('JSON.SET', 'esc', '.', '"\\u00e9\\/\\ud83d\\ude00\\u0001\\n\\u001F\\""');
      expect(await r.call('JSON.GET', 'esc')).toBe('"é/😀\\u0001\\n\\u001f\\""');
      const raw = await r.callBuffer('JSON.GET', 'esc');
      expect(Buffer.from(raw as Buffer).subarray(1, 3)).toEqual(Buffer.from('é'));
    });

    it('keeps the last of duplicate keys at the first one’s place, in small and big objects', async () => {
      await r.call('JSON.SET', 'doc', '.', '{"a":1,"b":2,"a":{"x":3},"c":4,"a":5}');
      expect(await r.call('JSON.GET', 'doc')).toBe('{"a":5,"b":2,"c":4}');
      const members = Array.from({ length: 40 }, (_, i) => `"k${i % 25}":${i}`);
      await r.call('JSON.SET', 'big', '.', `{${members.join(',')}}`);
      const expected = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i < 15 ? i + 25 : i]));
      expect(await r.call('JSON.GET', 'big')).toBe(JSON.stringify(expected));
    });

    it('keeps number text as written (documented deviation: RedisJSON reprints floats)', async () => {
      await r.call('JSON.SET', 'doc', '.', '[1.50, 1e3, -0, 1E+2, 123456789012345678901234567890]');
      expect(await r.call('JSON.GET', 'doc')).toBe('[1.50,1e3,-0,1E+2,123456789012345678901234567890]');
      expect(await jget(r, 'doc')).toEqual([1.5, 1000, -0, 100, 1.2345678901234568e29]);
      expect(await r.call('JSON.TYPE', 'doc', '[4]')).toBe('number');
    });
  });

  it('stores, reads and deletes a ~1 MiB document', async () => {
    const doc = {
      ...scanDoc,
      info: Object.fromEntries(
        Array.from({ length: 24000 }, (_, i) => [`motor_${i}`, { pos: i * 0.5, unit: 'mm', ok: i % 2 === 0 }]),
      ),
    };
    const text = JSON.stringify(doc);
    expect(text.length).toBeGreaterThan(1 << 20);
    expect(await r.call('JSON.SET', 'big', '.', text)).toBe('OK');
    expect(await r.call('JSON.GET', 'big')).toBe(text);
    expect(await jget(r, 'big', 'info.motor_23999')).toEqual({ pos: 11999.5, unit: 'mm', ok: false });
    expect(Number(await r.memory('USAGE', 'big'))).toBeGreaterThan(1 << 20);
    const [pk] = (await r.call('JSON.MGET', 'big', 'state_stream.pk')) as [string];
    expect(JSON.parse(pk)).toBe(scanDoc.state_stream.pk);
    expect(await r.call('JSON.DEL', 'big')).toBe(1);
  });

  it('frees what it allocates, on success and error paths (used_memory back to its baseline)', async () => {
    // RedisModule_Alloc counts in used_memory; valgrind cannot see it because Redis uses jemalloc
    const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await r.info('memory'))![1]);
    const list = Array.from({ length: 50 }, (_, i) => ({ i }));
    const doc = JSON.stringify({ ...scanDoc, pad: 'x'.repeat(4000), list });
    await r.set('str', 'x');
    const round = () => {
      const p = r.pipeline();
      p.call('JSON.SET', 'doc', '.', doc);
      p.call('JSON.SET', 'doc', '.', doc); // in-place overwrite
      p.call('JSON.SET', 'doc', '$.list[3]', doc);
      p.call('JSON.SET', 'doc', 'added', doc);
      p.call('JSON.SET', 'doc', '.', doc, 'NX');
      p.call('JSON.SET', 'doc', '$.nope.x', doc);
      p.call('JSON.SET', 'doc', '.', `${doc},`); // parse error after a full parse
      p.call('JSON.SET', 'doc', '$.*', '1');
      p.call('JSON.SET', 'str', '.', doc);
      p.call('JSON.GET', 'doc', 'INDENT', ' ', 'pk', '$.list[3].pad', 'nope');
      p.call('JSON.GET', 'doc', 'pk', '$.x', '$..bad');
      p.call('JSON.MGET', 'doc', 'str', 'missing', '$.list[-1]');
      p.call('JSON.TYPE', 'doc', '$.list');
      p.copy('doc', 'copy', 'REPLACE');
      p.call('JSON.DEL', 'copy', 'list[0]');
      p.call('JSON.DEL', 'doc', 'added');
      p.call('JSON.SET', 'dup', '.', `{${Array.from({ length: 40 }, (_, i) => `"k${i % 20}":${doc}`).join(',')}}`);
      p.del('dup', 'copy');
      return p.exec();
    };
    await round();
    await r.del('doc');
    const before = await usedMemory();
    for (let i = 0; i < 40; i++) await round();
    await r.del('doc');
    const growth = (await usedMemory()) - before;
    // measured: 0 bytes when clean; leaking only the path arrays of JSON.SET shows ~34 KB
    expect(growth).toBeLessThan(8 * 1024);
  });

  it('refuses unsupported paths with a clear error instead of a wrong reply', async () => {
    await r.call('JSON.SET', 'doc', '.', '{"a":[{"b":1},{"b":2}]}');
    const unsupported: [string, string][] = [
      ['$.*', 'wildcard paths'],
      ['$.a[*]', 'wildcard paths'],
      ['a.*', 'wildcard paths'],
      ['$..b', 'recursive descent paths'],
      ['..b', 'recursive descent paths'],
      ['$.a[?(@.b==1)]', 'filter expressions'],
      ['$.a[0:1]', 'array slices'],
      ['$.a[0,1]', 'union paths'],
      ["$['a','b']", 'union paths'],
    ];
    for (const [p, feature] of unsupported) {
      const commands: [string, ...string[]][] = [
        ['JSON.GET', 'doc', p],
        ['JSON.SET', 'doc', p, '1'],
        ['JSON.DEL', 'doc', p],
        ['JSON.TYPE', 'doc', p],
        ['JSON.MGET', 'doc', p],
      ];
      for (const [command, ...args] of commands) {
        expect(await errorOf(r.call(command, ...args))).toBe(
          `ERR the RedisJSON stand-in does not support ${feature} ('${p}'); use redis-stack`,
        );
      }
    }
    for (const p of ['', '$a', '$.', 'a.', '$.a[', '$.a[x]', '$.a b']) {
      expect(await errorOf(r.call('JSON.GET', 'doc', p))).toMatch(/^ERR invalid or unsupported path/);
    }
    expect(await jget(r, 'doc')).toEqual({ a: [{ b: 1 }, { b: 2 }] });
  });
});

describe('RedisJSON stand-in persistence', () => {
  it('survives DEBUG RELOAD and SAVE + restart (RDB), with its TTL', async () => {
    const server = await startRedis({ persistence: 'rdb', enableDebug: true });
    let r = client(server);
    try {
      await r.call('JSON.SET', 'esrf:scan:A', '.', JSON.stringify(scanDoc));
      await r.call('JSON.SET', 'utf', '.', '{"s":"é😀\\u0000\\n"}');
      await r.expire('esrf:scan:A', 1000);
      const nested = '['.repeat(120) + ']'.repeat(120);
      await r.call('JSON.SET', 'deep', '.', `{"a":${nested}}`);
      await r.call('JSON.SET', 'deep', 'a[0]', nested); // deeper than one JSON.SET accepts
      expect(await r.debug('RELOAD')).toBe('OK');
      expect(await r.call('JSON.GET', 'deep', 'a[0]')).toBe(nested);
      expect(await jget(r, 'esrf:scan:A')).toEqual(scanDoc);
      expect(await r.ttl('esrf:scan:A')).toBeGreaterThan(900);
      await r.call('JSON.SET', 'esrf:scan:A', 'state_stream.pk', '"P9"');
      expect(await r.save()).toBe('OK');
      r.disconnect();
      await server.restart();
      r = client(server);
      expect(await r.type('esrf:scan:A')).toBe('ReJSON-RL');
      expect(await jget(r, 'esrf:scan:A', '$.state_stream.pk')).toEqual(['P9']);
      expect(await jget(r, 'esrf:scan:A', 'info')).toEqual(scanDoc.info);
      expect(await jget(r, 'utf')).toEqual({ s: 'é😀\u0000\n' });
      expect(await r.ttl('esrf:scan:A')).toBeGreaterThan(900);
    } finally {
      r.disconnect();
      await server.stop();
    }
  });

  it('replays every JSON write from the AOF after a restart', async () => {
    const server = await startRedis({ persistence: 'aof' });
    let r = client(server);
    try {
      await r.call('JSON.SET', 'doc', '.', '{"a":{"b":1},"arr":[1,2,3]}');
      await r.call('JSON.SET', 'doc', '$.a.c', '"x"');
      await r.call('JSON.DEL', 'doc', 'arr[0]');
      await r.call('JSON.SET', 'gone', '.', '1');
      await r.call('JSON.FORGET', 'gone');
      await r.call('JSON.SET', 'doc', '.', '{}', 'NX'); // nil: must not be logged as a write
      r.disconnect();
      await server.restart();
      r = client(server);
      expect(await jget(r, 'doc')).toEqual({ a: { b: 1, c: 'x' }, arr: [2, 3] });
      expect(await r.exists('gone')).toBe(0);
    } finally {
      r.disconnect();
      await server.stop();
    }
  });

  it('rewrites the AOF as JSON.SET commands (aof-use-rdb-preamble no) and loads it back', async () => {
    const server = await startRedis({ persistence: 'aof' });
    let r = client(server);
    try {
      const nested = '['.repeat(100) + ']'.repeat(100);
      await r.call('JSON.SET', 'doc', '.', JSON.stringify(scanDoc));
      await r.call('JSON.SET', 'doc', 'info.nested', nested);
      await r.call('JSON.SET', 'doc', 'info.nested[0]', nested); // deeper than JSON.SET alone accepts
      await r.call('JSON.SET', 'esc', '.', '"\\"quoted\\" é\\n"');
      await r.config('SET', 'aof-use-rdb-preamble', 'no');
      await r.bgrewriteaof();
      for (let i = 0; ; i++) {
        const info = await r.info('persistence');
        if (/aof_rewrite_in_progress:0/.test(info) && /aof_rewrite_scheduled:0/.test(info)) break;
        if (i > 200) throw new Error('AOF rewrite did not finish');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const aofDir = path.join(server.dir, 'appendonlydir');
      const base = (await readdir(aofDir)).find((f) => f.endsWith('.base.aof'));
      const content = await readFile(path.join(aofDir, base!), 'utf8');
      expect(content.startsWith('REDIS')).toBe(false);
      expect(content).toContain('JSON.SET');
      expect(content).toContain('$8\r\nJSON.SET\r\n$3\r\ndoc\r\n$1\r\n$\r\n');
      r.disconnect();
      await server.restart();
      r = client(server);
      expect(await jget(r, 'doc', 'pk')).toBe(scanDoc.pk);
      expect(await r.call('JSON.GET', 'doc', 'info.nested[0]')).toBe(nested);
      expect(await jget(r, 'esc')).toBe('"quoted" é\n');
    } finally {
      r.disconnect();
      await server.stop();
    }
  });
});
