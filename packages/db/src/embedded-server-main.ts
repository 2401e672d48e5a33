// Runs the embedded database as its own process:
//   tsx packages/db/src/embedded-server-main.ts [--data-dir <repo>/.data/pglite] [--port 5433] [--host 127.0.0.1]
// Prints exactly one line to stdout, `ready postgres://...`, once it accepts connections; logs go to stderr.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { z } from 'zod';
import { defaultEmbeddedDataDir, startEmbeddedDatabase } from './embedded-server.ts';

const log = pino({ name: 'embedded-db', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));

const args = z
  .object({
    'data-dir': z.string().min(1).default(defaultEmbeddedDataDir),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(5433),
  })
  .parse(
    parseArgs({
      options: { 'data-dir': { type: 'string' }, host: { type: 'string' }, port: { type: 'string' } },
      strict: true,
    }).values,
  );

const database = await startEmbeddedDatabase({
  dataDir: resolve(args['data-dir']),
  host: args.host,
  port: args.port,
  log,
});
process.stdout.write(`ready ${database.url}\n`);

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) {
    log.warn({ signal }, 'second signal: exiting without waiting for the flush');
    process.exit(1);
  }
  stopping = true;
  log.info({ signal }, 'stopping embedded database');
  database.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      log.error({ err: error }, 'embedded database did not stop cleanly');
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
