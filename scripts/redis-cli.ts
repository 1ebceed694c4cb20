/** `npm run redis`: a private redis-server with the RedisJSON stand-in, until Ctrl-C. */
import { Command, Option } from 'commander';
import { startRedis, type Persistence } from '../testing/redis-launcher';

const program = new Command('redis')
  .description('Start a private redis-server with the RedisJSON stand-in loaded, until interrupted')
  .option('-p, --port <port>', 'port (default: a free one)', (v) => Number.parseInt(v, 10))
  .option('-d, --dir <dir>', 'data directory (default: a temporary one)')
  .addOption(new Option('--persistence <mode>', 'persistence').choices(['none', 'aof', 'rdb']).default('none'))
  .option('--maxmemory <size>', 'maxmemory, e.g. 512mb')
  .parse();

const opts = program.opts<{ port?: number; dir?: string; persistence: Persistence; maxmemory?: string }>();
const redis = await startRedis({
  port: opts.port,
  dir: opts.dir,
  persistence: opts.persistence,
  extraArgs: opts.maxmemory ? ['--maxmemory', opts.maxmemory] : [],
}).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
console.log(redis.url);
const shutdown = () => void redis.stop().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
