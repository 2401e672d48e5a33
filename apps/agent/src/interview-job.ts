import { type JobContext, voice } from '@livekit/agents';
import { type RemoteParticipant, RoomEvent } from '@livekit/rtc-node';
import { createDatabase } from '@rehearse/db';
import {
  FALLBACK_GREETING,
  NO_PARTICIPANT_LINE,
  newInterview,
  openingInstruction,
  resumeInstruction,
  sayExactly,
} from '@rehearse/interview';
import { AgentLease, agentsInRoom } from './agent-lease.ts';
import { dispatchedInterview, waitForCandidate } from './candidate.ts';
import { agentConfig } from './config.ts';
import { GreetingGuard } from './greeting-guard.ts';
import { InterviewAgent } from './interview-agent.ts';
import { InterviewController } from './interview-controller.ts';
import { InterviewStore } from './interview-store.ts';
import { rootLogger } from './logger.ts';
import { metricsReporter } from './metrics.ts';
import { endForLostModel } from './model-lost.ts';
import { createRealtimeModel } from './realtime-model.ts';
import { publishProgress } from './room-progress.ts';
import { recordTranscript } from './transcript-recorder.ts';

/** How long shutdown may spend writing what the database has not taken yet. */
const SHUTDOWN_FLUSH_MS = 5_000;

/**
 * One interview job (flow steps 9–11 in docs/architecture.md): session first, then the candidate,
 * then their interview, then a personalised greeting with the tools locked until it has been spoken.
 */
export async function runInterviewJob(ctx: JobContext): Promise<void> {
  const config = agentConfig();
  const roomName = ctx.job.room?.name ?? ctx.room.name ?? 'unknown';
  const dispatched = dispatchedInterview(ctx);
  let log = rootLogger.child({ room: roomName, jobId: ctx.job.id, interviewId: dispatched?.interviewId });
  const jobStartedAt = Date.now();
  /** Milliseconds since the job started, on every step's log line: where start-up time goes. */
  const elapsed = () => ({ sinceJobStartMs: Date.now() - jobStartedAt });
  const metrics = metricsReporter(config.METRICS_PORT);
  const db = createDatabase({
    url: config.DATABASE_URL,
    queryTimeoutMs: config.DB_TIMEOUT_MS,
    poolMax: 2,
    log,
  });
  const lease = new AgentLease(
    db,
    dispatched?.interviewId,
    `agent-${ctx.job.id}`, // the participant identity agents-js gives this job
    config.AGENT_LEASE_TTL_MS,
    config.DB_TIMEOUT_MS,
    log,
  );

  const store = new InterviewStore(db, roomName, log, config.DB_TIMEOUT_MS, metrics, {
    holder: lease.holder,
    // The database was away at the start and is back: the saved interview replaces the fresh start.
    onStoredStateWins: (state) => {
      controller.state = state;
      void publishProgress(ctx.room, state, store.interviewId).catch((error) =>
        log.warn({ err: String(error) }, 'could not publish progress'),
      );
      log.info({ phase: state.phase }, 'saved interview found after a fresh start; continuing from it');
      session.generateReply({ instructions: resumeInstruction(state) });
    },
  });
  const guard = new GreetingGuard((tool) => {
    metrics.toolCall(tool, 'refused_greeting');
    log.warn({ tool }, 'tool call refused: the greeting has not been spoken yet');
  });
  const controller = new InterviewController(
    newInterview({ candidateName: '' }),
    store,
    log,
    metrics,
    (state) => {
      void publishProgress(ctx.room, state, store.interviewId).catch((error) =>
        log.warn({ err: String(error) }, 'could not publish progress'),
      );
    },
    config.INTERVIEW_QUESTION_COUNT,
  );
  const session = new voice.AgentSession({
    llm: createRealtimeModel(config, {
      onReconnect: (reason) => {
        metrics.modelReconnect(reason);
        log.warn({ reason }, 'Gemini Live connection lost; reconnecting and holding the candidate audio');
      },
      onConnectAttemptFailed: (attempt, reason, retryInMs) =>
        log.warn({ attempt, reason, retryInMs }, 'Gemini Live connection attempt failed'),
      onGiveUp: (reason) => void endForLostModel(ctx, reason, log, config.PARTICIPANT_WAIT_TIMEOUT_MS),
    }),
    // Gemini Live detects turns itself: no local VAD or turn detector.
    vad: null,
    turnDetection: 'realtime_llm',
  });

  ctx.addShutdownCallback(async () => {
    if (await lease.mayFlush()) {
      const flushed = await store.flush(SHUTDOWN_FLUSH_MS);
      if (!flushed)
        log.error({ pending: store.pendingWrites }, 'shutting down with writes the database did not take');
    } else {
      // Another agent runs this interview now: our late writes would overwrite its state.
      log.warn({ pending: store.pendingWrites }, 'lease lost; not flushing over the successor');
    }
    await lease.release();
    await db.close().catch(() => {});
    metrics.sessionEnded();
    metrics.close();
    log.info('job finished');
  });

  // Step 9: the session first, so the candidate's audio is subscribed from the moment they join.
  await ctx.connect();
  const leaseOutcome = lease.claim(ctx.room, agentsInRoom(ctx.room)); // in parallel with the session
  await session.start({
    agent: new InterviewAgent(controller, guard),
    room: ctx.room,
    inputOptions: { closeOnDisconnect: false }, // a refreshed tab comes back to this same agent
  });
  metrics.sessionStarted();
  log.info(elapsed(), 'agent session started (audio subscribed)');
  session.on(voice.AgentSessionEventTypes.Close, ({ reason, error }) => {
    log.info({ reason, error: error ? String(error) : undefined }, 'agent session closed');
    ctx.shutdown(`session closed: ${reason}`);
  });

  // One agent per interview: a second job leaves before saying anything.
  const outcome = await leaseOutcome;
  log.info({ ...elapsed(), lease: outcome }, 'agent lease checked');
  if (outcome === 'taken') {
    metrics.duplicateAgent();
    log.warn('another agent holds this room; leaving without speaking');
    ctx.shutdown('duplicate agent');
    return;
  }
  if (outcome !== 'no-interview')
    lease.keepAlive(() => {
      log.error('agent lease lost to another job; leaving');
      ctx.shutdown('lease lost');
    });

  // Step 10: who is it? A bounded wait; identity is the Firebase uid from the token.
  const candidate = await waitForCandidate(ctx, config.PARTICIPANT_WAIT_TIMEOUT_MS, dispatched?.uid);
  if (!candidate) {
    // Nobody can hear a "can't hear anyone" line in an empty room: log it and leave.
    log.warn(
      { line: NO_PARTICIPANT_LINE, timeoutMs: config.PARTICIPANT_WAIT_TIMEOUT_MS },
      'no candidate joined in time; leaving',
    );
    ctx.shutdown('no participant');
    return;
  }
  const connectedAt = Date.now();
  log = log.child({ participant: candidate.identity });

  log.info(elapsed(), 'candidate found');
  const loaded = await store.load(candidate.identity, candidate.name ?? '');
  if (!dispatched) log = log.child({ interviewId: store.interviewId });
  if (loaded) controller.state = loaded.state;
  else controller.state = newInterview({ candidateName: candidate.name ?? '' });
  recordTranscript(session, store);
  if (loaded) store.markActive();
  await publishProgress(ctx.room, controller.state, store.interviewId).catch(() => {});

  // Step 11: the personalised greeting (or the fallback), tools locked until it has been spoken.
  reportGreetingLatency(session, connectedAt, (seconds) => {
    metrics.greetingLatency(seconds);
    log.info({ greetingLatencyMs: Math.round(seconds * 1000) }, 'first greeting audio');
  });
  guard.greetWith(
    session.generateReply({
      instructions: loaded ? openingInstruction(controller.state) : sayExactly(FALLBACK_GREETING),
    }),
  );
  log.info(
    { ...elapsed(), resumed: loaded?.resumed ?? false, fallback: !loaded, phase: controller.state.phase },
    'greeting requested',
  );
  void guard.whenGreeted().then(() => log.info('greeting spoken; tools unlocked'));

  welcomeBackOnRejoin(ctx, candidate, () => {
    log.info('candidate rejoined; resuming');
    session.generateReply({ instructions: resumeInstruction(controller.state) });
  });
}

/** Candidate connected → the agent starts speaking (its first audio frame goes out). */
function reportGreetingLatency(
  session: voice.AgentSession,
  connectedAt: number,
  report: (seconds: number) => void,
) {
  const onState = (event: voice.AgentStateChangedEvent) => {
    if (event.newState !== 'speaking') return;
    session.off(voice.AgentSessionEventTypes.AgentStateChanged, onState);
    report((Date.now() - connectedAt) / 1000);
  };
  session.on(voice.AgentSessionEventTypes.AgentStateChanged, onState);
}

/** A refreshed tab or a dropped network: the same uid joins again and Noah picks up where they were. */
function welcomeBackOnRejoin(ctx: JobContext, candidate: RemoteParticipant, resume: () => void) {
  let away = false;
  ctx.room.on(RoomEvent.ParticipantDisconnected, (participant) => {
    if (participant.identity === candidate.identity) away = true;
  });
  ctx.room.on(RoomEvent.ParticipantConnected, (participant) => {
    if (participant.identity !== candidate.identity || !away) return;
    away = false;
    resume();
  });
}
