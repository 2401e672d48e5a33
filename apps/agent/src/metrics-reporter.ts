import { createSocket, type Socket } from 'node:dgram';

/**
 * The job side of the worker's Prometheus metrics (metrics-server.ts): each job process sends small
 * fire-and-forget UDP datagrams on loopback to the worker process, which owns the registry and serves
 * /metrics on the same port number over HTTP. Nothing on the hot path waits on the network, and job
 * processes never load prom-client.
 */
export type MetricEvent =
  | { m: 'session'; delta: 1 | -1 }
  | { m: 'greeting_latency'; seconds: number }
  | { m: 'tool_call'; tool: string; outcome: 'ok' | 'refused_greeting' | 'rejected' | 'duplicate' }
  | { m: 'db_fallback'; op: string }
  | { m: 'model_reconnect'; reason: string }
  | { m: 'duplicate_agent' };

export interface AgentMetrics {
  sessionStarted(): void;
  sessionEnded(): void;
  greetingLatency(seconds: number): void;
  toolCall(tool: string, outcome: Extract<MetricEvent, { m: 'tool_call' }>['outcome']): void;
  dbFallback(op: string): void;
  modelReconnect(reason: string): void;
  duplicateAgent(): void;
}

/** Used in job processes. */
export function metricsReporter(port: number): AgentMetrics & { close(): void } {
  const socket: Socket = createSocket('udp4');
  socket.unref();
  const send = (event: MetricEvent) => socket.send(JSON.stringify(event), port, '127.0.0.1', () => {});
  return {
    sessionStarted: () => send({ m: 'session', delta: 1 }),
    sessionEnded: () => send({ m: 'session', delta: -1 }),
    greetingLatency: (seconds) => send({ m: 'greeting_latency', seconds }),
    toolCall: (tool, outcome) => send({ m: 'tool_call', tool, outcome }),
    dbFallback: (op) => send({ m: 'db_fallback', op }),
    modelReconnect: (reason) => send({ m: 'model_reconnect', reason }),
    duplicateAgent: () => send({ m: 'duplicate_agent' }),
    close: () => socket.close(),
  };
}
