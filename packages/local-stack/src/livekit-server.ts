import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binDir, repoRoot } from './paths.ts';
import { type LogSink, type RunningService, startService } from './service.ts';

export const LIVEKIT_SERVER_VERSION = '1.13.5';
export const livekitConfigFile = join(repoRoot, 'scripts', 'livekit', 'livekit.yaml');

export interface LivekitPorts {
  signal: number;
  iceTcp: number;
  iceUdp: number;
}

export interface LivekitServerOptions {
  ports: LivekitPorts;
  apiKey: string;
  apiSecret: string;
  /** Where livekit-server posts signed webhooks (our /api/livekit/webhook). */
  webhookUrl?: string;
  /** One node of several that share this Redis (host:port): rooms, routing and agent dispatch go through it. */
  clusterRedisAddress?: string;
  log?: LogSink;
}

export function livekitServerBinary(): string {
  const local = join(binDir, 'livekit-server');
  if (existsSync(local)) return local;
  throw new Error(
    'livekit-server is not installed: run `npm run setup:livekit` (scripts/install-livekit-server.sh)',
  );
}

/** The committed loopback-only config, plus the webhook section (it has no command-line flag). */
export function livekitConfigBody(apiKey: string, webhookUrl?: string): string {
  const base = readFileSync(livekitConfigFile, 'utf8');
  if (!webhookUrl) return base;
  return `${base}\nwebhook:\n  api_key: ${apiKey}\n  urls:\n    - ${webhookUrl}\n`;
}

/**
 * What makes nodes one cluster: the Redis they share (node registry, room → node map, and the psrpc bus that
 * relays signalling and agent job requests between nodes), and how a new room picks its node. Nodes on one
 * machine have the same CPU and system load, so only the count of rooms they host tells them apart.
 */
function livekitClusterConfig(redisAddress: string): string {
  return `\nredis:\n  address: ${redisAddress}\nnode_selector:\n  kind: any\n  sort_by: rooms\n  algorithm: lowest\n`;
}

export function startLivekitServer(options: LivekitServerOptions): Promise<RunningService & { url: string }> {
  const { ports } = options;
  const url = `ws://127.0.0.1:${ports.signal}`;
  return startService({
    name: 'livekit',
    command: livekitServerBinary(),
    installHint: 'run npm run setup:livekit',
    args: [
      '--config-body',
      livekitConfigBody(options.apiKey, options.webhookUrl) +
        (options.clusterRedisAddress ? livekitClusterConfig(options.clusterRedisAddress) : ''),
      '--port',
      String(ports.signal),
      '--rtc.tcp_port',
      String(ports.iceTcp),
      '--rtc.udp_port.start',
      String(ports.iceUdp),
      '--rtc.udp_port.end',
      String(ports.iceUdp),
    ],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LIVEKIT_KEYS: `${options.apiKey}: ${options.apiSecret}`,
    },
    readyUrl: `http://127.0.0.1:${ports.signal}/`,
    log: options.log,
  }).then((service) => ({ ...service, url }));
}
