import 'server-only';
import { interviewIdParam } from '@rehearse/api-contract';
import type { Database, InterviewSession } from '@rehearse/db';
import { dbCall } from './database.ts';
import { notFound } from './http-error.ts';

/**
 * The signed-in user's interview with this id. A malformed id, a missing interview and someone else's all
 * answer the same 404: ids are not confirmed to strangers.
 */
export async function ownInterview(
  database: Database,
  uid: string,
  rawId: string,
): Promise<InterviewSession> {
  const id = interviewIdParam.safeParse(rawId);
  if (!id.success) throw notFound('no such interview');
  const interview = await dbCall(database.interviews.get(id.data));
  if (!interview || interview.userId !== uid) throw notFound('no such interview');
  return interview;
}
