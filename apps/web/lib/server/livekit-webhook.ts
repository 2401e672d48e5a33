import 'server-only';
import { ParticipantInfo_Kind } from '@livekit/protocol';
import { AGENT_STATUS_ATTRIBUTE, MODEL_LOST_STATUS } from '@rehearse/interview';
import { type WebhookEvent, WebhookReceiver } from 'livekit-server-sdk';
import type { Logger } from 'pino';
import { meetCandidate, replaceDepartedAgent } from './agent-presence.ts';
import { readBodyWithin } from './bounded-body.ts';
import type { ServerConfig } from './config.ts';
import { db, dbCall } from './database.ts';
import { unauthorized } from './http-error.ts';

const MAX_WEBHOOK_BYTES = 64 * 1024;

export type WebhookOutcome =
  | 'room_ended'
  | 'user_left'
  | 'user_joined'
  | 'agent_left'
  | 'agent_replaced'
  | 'duplicate'
  | 'ignored';

/** Verifies LiveKit's signature (a JWT signed with our API secret that carries the body's sha256). */
export async function receiveWebhook(request: Request, config: ServerConfig) {
  const authorization = request.headers.get('authorization') ?? undefined;
  if (!authorization) throw unauthorized('missing LiveKit webhook signature');
  // Bounded while it streams: whatever the Authorization says, nothing larger or slower is buffered.
  const body = (
    await readBodyWithin(request, { maxBytes: MAX_WEBHOOK_BYTES, timeoutMs: config.BODY_READ_TIMEOUT_MS })
  ).toString('utf8');
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
  event: WebhookEvent,
  config: ServerConfig,
  log: Logger,
): Promise<WebhookOutcome> {
  const roomName = event.room?.name;
  if (!roomName) return 'ignored';
  const at = eventTime(event);
  const database = await db();
  // Exactly once per event id: LiveKit redelivers on a slow answer, and a captured event can be replayed.
  if (event.id) {
    const first = await dbCall(
      database.webhookEvents.recordFirstDelivery({
        id: event.id,
        event: event.event,
        roomName,
        createdAt: at,
      }),
    );
    if (!first) {
      log.info({ room: roomName, eventId: event.id, event: event.event }, 'webhook event already applied');
      return 'duplicate';
    }
  }
  try {
    return await applyWebhookEvent(event, roomName, at, config, log);
  } catch (error) {
    // Not applied: the next delivery must be.
    if (event.id) await dbCall(database.webhookEvents.forget(event.id)).catch(() => {});
    throw error;
  }
}

/** When the event happened, by LiveKit's own clock (seconds), not when it arrived here. */
function eventTime(event: WebhookEvent): Date {
  const seconds = Number(event.createdAt ?? 0);
  return seconds > 0 ? new Date(seconds * 1000) : new Date();
}

async function applyWebhookEvent(
  event: WebhookEvent,
  roomName: string,
  at: Date,
  config: ServerConfig,
  log: Logger,
): Promise<WebhookOutcome> {
  const database = await db();
  if (event.event === 'room_finished') {
    const row = await dbCall(database.interviews.markEnded(roomName, at));
    log.info({ room: roomName, interviewId: row?.id, status: row?.status }, 'room finished');
    return row ? 'room_ended' : 'ignored';
  }
  if (event.event === 'participant_joined' && event.participant) {
    const interview = await dbCall(database.interviews.getByRoom(roomName));
    // Only the interview's own candidate brings Noah: an agent or anyone else joining changes nothing.
    if (!interview || event.participant.identity !== interview.userId) return 'ignored';
    if (!meetCandidate(interview, config, log)) return 'ignored';
    log.info({ room: roomName, interviewId: interview.id }, 'user joined; Noah follows');
    return 'user_joined';
  }
  if (event.event === 'participant_left' && event.participant) {
    const interview = await dbCall(database.interviews.getByRoom(roomName));
    if (!interview) return 'ignored';
    const { identity, kind } = event.participant;
    if (kind === ParticipantInfo_Kind.AGENT) {
      const departed = await dbCall(database.interviews.recordAgentLeft(roomName, at));
      log.info({ room: roomName, interviewId: interview.id, identity }, 'agent left');
      // An agent that gave up on the model has told the candidate to resume: a new one now would hit the same
      // outage and leave again, in a loop for as long as they stay. Their Resume (start-interview) dispatches instead.
      if (event.participant.attributes[AGENT_STATUS_ATTRIBUTE] === MODEL_LOST_STATUS) {
        log.warn(
          { room: roomName, interviewId: interview.id, identity },
          'agent left after losing the model; waiting for the candidate to resume',
        );
        return 'agent_left';
      }
      // Arrived after a later departure was recorded: that one already decided about a replacement.
      if (departed?.agentLeftAt && departed.agentLeftAt.getTime() > at.getTime()) {
        log.info(
          { room: roomName, interviewId: interview.id, identity },
          'agent left event out of order; ignored',
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
