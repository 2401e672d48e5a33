import type { voice } from '@livekit/agents';
import { type RemoteParticipant, type Room, RpcError, type RpcInvocationData } from '@livekit/rtc-node';
import { DONE_SPEAKING_RPC_METHOD, type DoneSpeakingReply, doneSpeakingRequest } from '@rehearse/interview';
import type { Logger } from 'pino';

/** Our own RPC error codes (LiveKit reserves 1001–1999). */
export const DONE_SPEAKING_ERRORS = { invalidPayload: 400, notTheCandidate: 403 } as const;

/** What "I'm done" needs from the job: whether the floor is the candidate's, and a way to end their turn. */
export interface TurnEnder {
  agentState(): voice.AgentState;
  /** Ends the candidate's turn at the model now; false when the model is not connected. */
  endUserTurn(): boolean;
}

/**
 * "I'm done" (docs/turn-taking.md): the candidate's browser calls `rehearse.done_speaking` by LiveKit RPC and
 * the candidate's turn ends now instead of after the interview's thinking time. Only the candidate may call
 * it, with an empty JSON object; while Noah has the floor (thinking or speaking) it ends nothing and says so.
 */
export function acceptDoneSpeaking(room: Room, candidate: RemoteParticipant, turns: TurnEnder, log: Logger) {
  room.localParticipant?.registerRpcMethod(DONE_SPEAKING_RPC_METHOD, async (call) => {
    const context = { requestId: call.requestId, caller: call.callerIdentity };
    try {
      const reply = answerDoneSpeaking(call, candidate.identity, turns);
      log.info({ ...context, ...reply }, 'candidate says they are done speaking');
      return JSON.stringify(reply);
    } catch (error) {
      log.warn({ ...context, err: String(error) }, 'refused a done-speaking call');
      throw error;
    }
  });
}

/** The answer to one call, or an RpcError for the caller. */
export function answerDoneSpeaking(
  call: Pick<RpcInvocationData, 'callerIdentity' | 'payload'>,
  candidateIdentity: string,
  turns: TurnEnder,
): DoneSpeakingReply {
  if (call.callerIdentity !== candidateIdentity)
    throw new RpcError(DONE_SPEAKING_ERRORS.notTheCandidate, 'only the candidate can end their turn');
  if (!doneSpeakingRequest.safeParse(parseJson(call.payload)).success)
    throw new RpcError(DONE_SPEAKING_ERRORS.invalidPayload, 'the payload must be an empty JSON object');
  // Only while Noah listens: thinking or speaking, the turn is already his.
  if (turns.agentState() !== 'listening') return { ended: false };
  return { ended: turns.endUserTurn() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
