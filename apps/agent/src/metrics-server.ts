import { createSocket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricEvent } from './metrics-reporter.ts';

/** The worker's Prometheus registry, fed by its job processes' datagrams (metrics-reporter.ts). */
export function createMetricsRegistry() {
  const registry = new Registry();
  const activeSessions = new Gauge({
    name: 'rehearse_agent_active_sessions',
    help: 'Interview sessions in progress',
    registers: [registry],
  });
  const greetingLatency = new Histogram({
    name: 'rehearse_agent_greeting_latency_seconds',
    help: 'Candidate connected → first greeting audio from the model',
    buckets: [0.25, 0.5, 1, 1.5, 2, 3, 5, 8],
    registers: [registry],
  });
  const toolCalls = new Counter({
    name: 'rehearse_agent_tool_calls_total',
    help: 'Function tool calls by tool and outcome',
    labelNames: ['tool', 'outcome'],
    registers: [registry],
  });
  const dbFallbacks = new Counter({
    name: 'rehearse_agent_db_fallbacks_total',
    help: 'Database reads/writes that failed or timed out and fell back (fresh start, queued write)',
    labelNames: ['op'],
    registers: [registry],
  });
  const modelReconnects = new Counter({
    name: 'rehearse_agent_model_reconnects_total',
    help: 'Gemini Live reconnections (goAway, abnormal close)',
    labelNames: ['reason'],
    registers: [registry],
  });
  const duplicateAgents = new Counter({
    name: 'rehearse_agent_duplicate_agents_total',
    help: 'Jobs that left because another agent held the room lease',
    registers: [registry],
  });

  function apply(event: MetricEvent) {
    switch (event.m) {
      case 'session':
        activeSessions.inc(event.delta);
        break;
      case 'greeting_latency':
        greetingLatency.observe(event.seconds);
        break;
      case 'tool_call':
        toolCalls.inc({ tool: event.tool, outcome: event.outcome });
        break;
      case 'db_fallback':
        dbFallbacks.inc({ op: event.op });
        break;
      case 'model_reconnect':
        modelReconnects.inc({ reason: event.reason });
        break;
      case 'duplicate_agent':
        duplicateAgents.inc();
        break;
    }
  }
  return { registry, apply };
}

/** Used in the worker process: receives job datagrams on 127.0.0.1:port, serves GET /metrics on host:port. */
export async function serveMetrics(host: string, port: number): Promise<{ close(): Promise<void> }> {
  const { registry, apply } = createMetricsRegistry();
  const socket = createSocket('udp4');
  socket.on('message', (message) => {
    try {
      apply(JSON.parse(message.toString()) as MetricEvent);
    } catch {
      // a malformed datagram is ignored: metrics must never hurt the worker
    }
  });
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
  const server: Server = createServer(async (request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    close: () =>
      new Promise((resolve) => {
        socket.close();
        server.close(() => resolve());
      }),
  };
}
