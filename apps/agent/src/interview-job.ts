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
import { AgentLease } from './agent-lease.ts';
import { waitForCandidate } from './candidate.ts';
import { agentConfig } from './config.ts';
import { GreetingGuard } from './greeting-guard.ts';
import { InterviewAgent } from './interview-agent.ts';
import { InterviewController } from './interview-controller.ts';
import { InterviewStore } from './interview-store.ts';
import { rootLogger } from './logger.ts';
import { metricsReporter } from './metrics.ts';
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
  let log = rootLogger.child({ room: roomName, jobId: ctx.job.id });
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
    roomName,
    `job:${ctx.job.id}`,
    config.AGENT_LEASE_TTL_MS,
    config.DB_TIMEOUT_MS,
    log,
  );
  const leaseOutcome = lease.acquire(); // in parallel with starting the session

  const store = new InterviewStore(db, roomName, log, config.DB_TIMEOUT_MS, metrics);
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
      onGiveUp: (reason) => log.error({ reason }, 'Gemini Live keeps dropping; giving up'),
    }),
    // Gemini Live detects turns itself: no local VAD or turn detector.
    vad: null,
    turnDetection: 'realtime_llm',
  });
  guard.observe(session);

  ctx.addShutdownCallback(async () => {
    const flushed = await store.flush(SHUTDOWN_FLUSH_MS);
    if (!flushed)
      log.error({ pending: store.pendingWrites }, 'shutting down with writes the database did not take');
    await lease.release();
    await db.close().catch(() => {});
    metrics.sessionEnded();
    metrics.close();
    log.info('job finished');
  });

  // Step 9: the session first, so the candidate's audio is subscribed from the moment they join.
  await ctx.connect();
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

  // One agent per room: a second job for this room leaves before saying anything.
  const outcome = await leaseOutcome;
  log.info({ ...elapsed(), lease: outcome }, 'agent lease checked');
  if (outcome === 'taken') {
    metrics.duplicateAgent();
    log.warn('another agent holds this room (or it has no interview); leaving without speaking');
    ctx.shutdown('duplicate agent');
    return;
  }
  if (outcome === 'held')
    lease.keepAlive(() => {
      log.error('agent lease lost to another job; leaving');
      ctx.shutdown('lease lost');
    });

  // Step 10: who is it? A bounded wait; identity is the Firebase uid from the token.
  const candidate = await waitForCandidate(ctx, config.PARTICIPANT_WAIT_TIMEOUT_MS);
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
  log = log.child({ interviewId: store.interviewId });
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
  guard.expectGreeting();
  session.generateReply({
    instructions: loaded ? openingInstruction(controller.state) : sayExactly(FALLBACK_GREETING),
  });
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
