import { INTERVIEW_STATUSES, PHASES, THINKING_TIMES } from '@rehearse/interview';
import { z } from 'zod';

export const interviewStatus = z.enum(INTERVIEW_STATUSES);

export const jsonObject = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof jsonObject>;

export const interviewSessionRow = z
  .object({
    id: z.string(),
    user_id: z.string(),
    room_name: z.string(),
    phase: z.enum(PHASES),
    status: interviewStatus,
    role: z.string().nullable(),
    question_ids: z.array(z.string()),
    question_index: z.number().int(),
    report: jsonObject.nullable(),
    state: jsonObject,
    created_at: z.date(),
    updated_at: z.date(),
    started_at: z.date().nullable(),
    ended_at: z.date().nullable(),
    user_left_at: z.date().nullable(),
    agent_left_at: z.date().nullable(),
    room_ended_at: z.date().nullable(),
    agent_lease_holder: z.string().nullable(),
    agent_lease_expires_at: z.date().nullable(),
    /** Bumped by every state write; writers compare-and-set on it (migration 002). */
    state_version: z.number().int(),
    /** How long Noah waits through a silence (migration 008). */
    thinking_time: z.enum(THINKING_TIMES),
  })
  .transform((row) => ({
    id: row.id,
    userId: row.user_id,
    roomName: row.room_name,
    phase: row.phase,
    status: row.status,
    role: row.role,
    questionIds: row.question_ids,
    questionIndex: row.question_index,
    report: row.report,
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    userLeftAt: row.user_left_at,
    agentLeftAt: row.agent_left_at,
    roomEndedAt: row.room_ended_at,
    agentLeaseHolder: row.agent_lease_holder,
    agentLeaseExpiresAt: row.agent_lease_expires_at,
    stateVersion: row.state_version,
    thinkingTime: row.thinking_time,
  }));

export type InterviewSession = z.output<typeof interviewSessionRow>;
