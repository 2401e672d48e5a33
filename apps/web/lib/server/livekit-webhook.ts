import 'server-only';
import { ParticipantInfo_Kind } from '@livekit/protocol';
import { AGENT_STATUS_ATTRIBUTE, MODEL_LOST_STATUS } from '@rehearse/interview';
import { WebhookReceiver } from 'livekit-server-sdk';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.ts';
import { db, dbCall } from './database.ts';
import { unauthorized } from './http-error.ts';
import { replaceDepartedAgent } from './start-interview.ts';

const MAX_WEBHOOK_BYTES = 64 * 1024;

export type WebhookOutcome = 'room_ended' | 'user_left' | 'agent_left' | 'agent_replaced' | 'ignored';

/** Verifies LiveKit's signature (a JWT signed with our API secret that carries the body's sha256). */
export async function receiveWebhook(request: Request, config: ServerConfig) {
  const authorization = request.headers.get('authorization') ?? undefined;
  if (!authorization) throw unauthorized('missing LiveKit webhook signature');
  if (Number(request.headers.get('content-length') ?? 0) > MAX_WEBHOOK_BYTES) {
    throw unauthorized('webhook body too large to be from LiveKit');
  }
  const body = await request.text();
  if (body.length > MAX_WEBHOOK_BYTES) throw unauthorized('webhook body too large to be from LiveKit');
  try {
    return await new WebhookReceiver(config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET).receive(
      body,
      authorization,
    );
  } catch {
    throw unauthorized('invalid LiveKit webhook signature');
  }
}

/**
 * Records room and participant lifecycle on the interview that owns the room (if any), and sends a new
 * agent when Noah left while the candidate is still there.
 */
export async function recordWebhookEvent(
  event: Awaited<ReturnType<typeof receiveWebhook>>,
  config: ServerConfig,
  log: Logger,
): Promise<WebhookOutcome> {
  const roomName = event.room?.name;
  if (!roomName) return 'ignored';
  const at = new Date();
  const database = await db();
  if (event.event === 'room_finished') {
    const row = await dbCall(database.interviews.markEnded(roomName, at));
    log.info({ room: roomName, interviewId: row?.id, status: row?.status }, 'room finished');
    return row ? 'room_ended' : 'ignored';
  }
  if (event.event === 'participant_left' && event.participant) {
    const interview = await dbCall(database.interviews.getByRoom(roomName));
    if (!interview) return 'ignored';
    const { identity, kind } = event.participant;
    if (kind === ParticipantInfo_Kind.AGENT) {
      const departed = await dbCall(database.interviews.recordAgentLeft(roomName, at));
      log.info({ room: roomName, interviewId: interview.id, identity }, 'agent left');
      // An agent that gave up on the model has told the candidate to resume: a new one now would hit the same
      // outage and leave again, in a loop for as long as they stay. Their Resume (start-bot) dispatches instead.
      if (event.participant.attributes[AGENT_STATUS_ATTRIBUTE] === MODEL_LOST_STATUS) {
        log.warn(
          { room: roomName, interviewId: interview.id, identity },
          'agent left after losing the model; waiting for the candidate to resume',
        );
        return 'agent_left';
      }
      if (departed && (await replaceDepartedAgent(departed, config, log))) {
        log.warn(
          { room: roomName, interviewId: interview.id, identity },
          'agent left mid-interview; dispatched again',
        );
        return 'agent_replaced';
      }
      return 'agent_left';
    }
    // Only the interview's own candidate counts as "the user".
    if (identity !== interview.userId) return 'ignored';
    await dbCall(database.interviews.recordUserLeft(roomName, at));
    log.info({ room: roomName, interviewId: interview.id }, 'user left');
    return 'user_left';
  }
  return 'ignored';
}
