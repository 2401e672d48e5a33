import { type JobContext, type JobProcess, voice } from '@livekit/agents';
import { type AgentConfig, shutdownFlushMs } from '@rehearse/config';
import type { Database } from '@rehearse/db';
import {
  DEFAULT_THINKING_TIME,
  isNewInterview,
  NO_PARTICIPANT_LINE,
  newInterview,
} from '@rehearse/interview';
import { AgentLease, agentsWhenConnected } from './agent-lease.ts';
import { answerRecording } from './answer-recording.ts';
import { dispatchedInterview, waitForCandidate, whenCandidateGone } from './candidate.ts';
import { agentConfig } from './config.ts';
import { openAgentDatabase } from './database.ts';
import { acceptDoneSpeaking } from './done-speaking.ts';
import { InterviewStore } from './interview-store.ts';
import { rootLogger } from './logger.ts';
import { metricsReporter } from './metrics-reporter.ts';
import { endForLostModel } from './model-lost.ts';
import { InterviewData } from './noah/interview-data.ts';
import { NoahAgent } from './noah/noah-agent.ts';
import { resumeInterview, resumeWhenCandidateRejoins } from './noah/resume.ts';
import { createRealtimeModel } from './realtime-model.ts';
import { ProgressDisplay } from './room-progress.ts';
import { recordTranscript } from './transcript-recorder.ts';
import { withTimeout } from './with-timeout.ts';

/** The sample rate Gemini Live takes input audio at (16 kHz PCM16). */
const GEMINI_INPUT_SAMPLE_RATE = 16_000;

/** What the idle job process prepares before it is given a job; agents-js runs one job per process. */
export type PrewarmedJob = {
  config: AgentConfig;
  db: Database;
};

/**
 * agents-js `prewarm`, in the idle job process: the configuration, and the database pool with its first
 * connection open, so the job's first query does not wait for it. The database being down now is not
 * fatal: the pool connects on demand, and the job falls back as it would with any database failure.
 */
export async function prewarmJobProcess(proc: JobProcess<PrewarmedJob>): Promise<void> {
  const config = agentConfig();
  const db = openAgentDatabase(config, 'job');
  await withTimeout(db.pool.query('SELECT 1'), config.DB_TIMEOUT_MS, 'opening a database connection').catch(
    (error) => rootLogger.warn({ err: String(error) }, 'no database connection while prewarming; continuing'),
  );
  proc.userData = { config, db };
}

/**
 * One interview job (flow steps 9–11 in docs/architecture.md): session first, then the candidate,
 * then their interview (by the id in the dispatch metadata), then Noah's opening (`NoahAgent.onEnter`)
 * with the tools locked until it has been spoken.
 */
export async function runInterviewJob(ctx: JobContext<PrewarmedJob>): Promise<void> {
  const jobStartedAt = Date.now();
  const { config, db } = ctx.proc.userData;
  const roomName = ctx.job.room?.name ?? ctx.room.name ?? 'unknown';
  const dispatched = dispatchedInterview(ctx);
  const log = rootLogger.child({ room: roomName, jobId: ctx.job.id, interviewId: dispatched?.interviewId });
  // The model's turn detection is set up with the session, before the interview row is read: from the dispatch.
  const thinkingTime = dispatched?.thinkingTime ?? DEFAULT_THINKING_TIME;
  /** Milliseconds since the job started, on every step's log line: where start-up time goes. */
  const elapsed = () => ({ sinceJobStartMs: Date.now() - jobStartedAt });
  const metrics = metricsReporter(config.METRICS_PORT);
  const lease = new AgentLease(
    db,
    dispatched?.interviewId,
    `agent-${ctx.job.id}`, // the participant identity agents-js gives this job
    config.AGENT_LEASE_TTL_MS,
    config.DB_TIMEOUT_MS,
    log,
  );

  const store = new InterviewStore(
    db,
    { interviewId: dispatched?.interviewId, roomName },
    log,
    config.DB_TIMEOUT_MS,
    metrics,
    {
      holder: lease.holder,
      maxPendingWrites: config.AGENT_WRITE_QUEUE_MAX,
      // The database was away at the start and is back: the saved interview replaces the fresh start.
      onStoredStateWins: (state) => {
        interview.replaceState(state);
        resumeInterview(session, 'saved progress read late');
      },
    },
  );
  const progress = new ProgressDisplay(
    ctx.room,
    dispatched?.interviewId,
    config.DB_TIMEOUT_MS,
    () => interview.log,
  );
  const interview = new InterviewData({
    store,
    log,
    metrics,
    questionCount: config.INTERVIEW_QUESTION_COUNT,
    // Not awaited: the page's "question n of m" never holds up what Noah says.
    onChange: (state, saved) => {
      recording.recorder.onState(state); // a record_answer closes its question's clip
      progress.show(state, saved);
    },
  });
  const recording = answerRecording(config, db, store, GEMINI_INPUT_SAMPLE_RATE, () => interview.log);
  const model = createRealtimeModel(
    config,
    {
      onReconnect: (reason) => {
        metrics.modelReconnect(reason);
        log.warn({ reason }, 'Gemini Live connection lost; reconnecting and holding the candidate audio');
      },
      onConnectAttemptFailed: (attempt, reason, retryInMs) =>
        log.warn({ attempt, reason, retryInMs }, 'Gemini Live connection attempt failed'),
      onGiveUp: (reason) => {
        store.recordLeaving();
        void endForLostModel(ctx, reason, log, config.PARTICIPANT_WAIT_TIMEOUT_MS);
      },
      onInputAudio: (frame) => recording.recorder.onFrame(frame),
      mayHearCandidate: () => interview.greeting.mayHearCandidate(),
    },
    thinkingTime,
  );
  const session = new voice.AgentSession<InterviewData>({
    llm: model,
    // Gemini Live detects turns itself: no local VAD or turn detector.
    vad: null,
    turnDetection: 'realtime_llm',
    userData: interview,
  });

  ctx.addShutdownCallback(async () => {
    interview.leaveSilently(); // an opening still waited for will not come
    recording.recorder.close();
    if (await lease.mayFlush()) {
      const flushMs = shutdownFlushMs(config);
      const [flushed] = await Promise.all([store.flush(flushMs), recording.writer.flush(flushMs)]);
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

  const { timeline } = interview;
  timeline.jobEntryAt = jobStartedAt;

  // Step 9: the session first, so the candidate's audio is subscribed from the moment they join. It connects
  // the room itself (agents-js 1.9), at the same time as it starts the model session; the lease is claimed
  // as soon as the room is connected, in parallel with the rest of the session's start.
  const leaseOutcome = agentsWhenConnected(ctx.room).then(async (agentsBeforeMe) => {
    timeline.roomConnectedAt = Date.now();
    const outcome = await lease.claim(ctx.room, agentsBeforeMe);
    timeline.leaseCheckedAt = Date.now();
    // The interview is read now, before the candidate is here: it needs only the dispatched id. Not before
    // the claim: a previous holder could still write, and this job's writes would then be fenced off.
    if (outcome !== 'taken') store.prefetch();
    return outcome;
  });
  await session.start({
    agent: new NoahAgent(), // waits in onEnter for the opening below
    room: ctx.room,
    inputOptions: {
      closeOnDisconnect: false, // a refreshed tab comes back to this same agent
      textEnabled: false, // an interview is spoken: typed text (lk.chat) never reaches the model
      // Gemini Live's input rate: rtc-node's stream resamples once, natively, and the plugin passes frames
      // through (at agents-js' default 24 kHz it resampled every 10 ms frame again, through the FFI).
      audioSampleRate: GEMINI_INPUT_SAMPLE_RATE,
    },
  });
  timeline.sessionStartedAt = Date.now();
  metrics.sessionStarted();
  log.info({ ...elapsed(), thinkingTime }, 'agent session started (audio subscribed)');
  recording.listen(session);
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
    interview.leaveSilently();
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
    interview.leaveSilently();
    ctx.shutdown('no participant');
    return;
  }
  const connectedAt = Date.now();
  timeline.candidateFoundAt = connectedAt;
  interview.log = log.child({ participant: candidate.identity });
  interview.log.info(elapsed(), 'candidate found');
  acceptDoneSpeaking(
    ctx.room,
    candidate,
    { agentState: () => session.agentState, endUserTurn: () => model.endUserTurn() },
    interview.log,
  );
  whenCandidateGone(ctx.room, candidate.identity, config.CANDIDATE_REJOIN_GRACE_MS, () => {
    interview.log.info({ graceMs: config.CANDIDATE_REJOIN_GRACE_MS }, 'candidate gone; ending the job');
    ctx.shutdown('candidate gone');
  });

  // The data: the dispatched interview (its read started with the lease), checked to be the candidate's;
  // nothing is written before it has been read.
  const loaded = await store.load(candidate.identity, candidate.name ?? '');
  timeline.interviewLoadedAt = Date.now();
  recordTranscript(session, store);
  if (loaded) store.markActive();

  // Step 11: the opening — a greeting, a welcome back, or the fallback — spoken by NoahAgent.onEnter.
  onFirstAudio(session, (firstAudioAt) => {
    const greetingLatencyMs = firstAudioAt - connectedAt;
    metrics.greetingLatency(greetingLatencyMs / 1000);
    interview.log.info({ greetingLatencyMs }, 'first greeting audio');
    timeline.firstAudioAt = firstAudioAt;
    interview.log.info(timeline, 'greeting timeline');
  });
  if (loaded) interview.begin(loaded, isNewInterview(loaded) ? 'greet' : 'resume');
  else interview.begin(newInterview({ candidateName: candidate.name ?? '' }), 'fallback');
  interview.log.info(elapsed(), 'interview loaded; opening');

  resumeWhenCandidateRejoins(ctx.room, candidate.identity, session);
}

/** When the agent starts speaking (its first audio frame goes out): the greeting, since nothing speaks before it. */
function onFirstAudio(session: voice.AgentSession, report: (at: number) => void) {
  const onState = (event: voice.AgentStateChangedEvent) => {
    if (event.newState !== 'speaking') return;
    session.off(voice.AgentSessionEventTypes.AgentStateChanged, onState);
    report(Date.now());
  };
  session.on(voice.AgentSessionEventTypes.AgentStateChanged, onState);
}
