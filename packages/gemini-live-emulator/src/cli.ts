import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createLogger } from './logger.ts';
import { loadScenarioFile } from './scenario.ts';
import { startGeminiLiveEmulator } from './server.ts';

const usage = `Usage: gemini-live-emulator [--host 127.0.0.1] [--port 9250] [--scenario FILE]
  [--realtime-factor 1] [--first-response-ms 250] [--connection-lifetime-ms 600000] [--api-key KEY ...]`;

const argsSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65_535),
  scenario: z.string().optional(),
  realtimeFactor: z.coerce.number().nonnegative().optional(),
  firstResponseMs: z.coerce.number().int().nonnegative().optional(),
  connectionLifetimeMs: z.coerce.number().int().positive().optional(),
  apiKeys: z.array(z.string().min(1)).optional(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '9250' },
      scenario: { type: 'string' },
      'realtime-factor': { type: 'string' },
      'first-response-ms': { type: 'string' },
      'connection-lifetime-ms': { type: 'string' },
      'api-key': { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(`${usage}\n`);
    return;
  }
  const args = argsSchema.parse({
    host: values.host,
    port: values.port,
    scenario: values.scenario,
    realtimeFactor: values['realtime-factor'],
    firstResponseMs: values['first-response-ms'],
    connectionLifetimeMs: values['connection-lifetime-ms'],
    apiKeys: values['api-key'],
  });
  const logger = createLogger();
  const emulator = await startGeminiLiveEmulator({
    host: args.host,
    port: args.port,
    scenario: args.scenario ? loadScenarioFile(args.scenario) : undefined,
    apiKeys: args.apiKeys,
    connectionLifetimeMs: args.connectionLifetimeMs,
    latency: { realtimeFactor: args.realtimeFactor, firstResponseMs: args.firstResponseMs },
    logger,
  });
  process.stdout.write(`ready ${emulator.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const forced = setTimeout(() => process.exit(1), 5_000);
    forced.unref();
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `gemini-live-emulator: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`,
  );
  process.exit(1);
});
