import { initialSchema } from './001_initial_schema.ts';
import { writeSafety } from './002_write_safety.ts';
import { interviewWayOut } from './004_interview_way_out.ts';
import { webhookEvents } from './005_webhook_events.ts';
import { domainPhases } from './006_domain_phases.ts';
import { answerRecordings } from './007_answer_recordings.ts';
import { thinkingTime } from './008_thinking_time.ts';

export interface Migration {
  /** Strictly increasing; never renumber or edit a migration once released — add a new one. */
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial_schema', sql: initialSchema },
  { version: 2, name: 'write_safety', sql: writeSafety },
  { version: 4, name: 'interview_way_out', sql: interviewWayOut },
  { version: 5, name: 'webhook_events', sql: webhookEvents },
  { version: 6, name: 'domain_phases', sql: domainPhases },
  { version: 7, name: 'answer_recordings', sql: answerRecordings },
  { version: 8, name: 'thinking_time', sql: thinkingTime },
];
