import { voice } from '@livekit/agents';
import type { AgentConfig } from '@rehearse/config';
import type { Database } from '@rehearse/db';
import { createRecordingStorage } from '@rehearse/recordings';
import { AnswerRecorder, type AnswerRecorderOptions } from './answer-recorder.ts';
import type { InterviewStore } from './interview-store.ts';
import type { Logger } from './logger.ts';
import { RecordingWriter } from './recording-writer.ts';

/** The longest answer kept (≈0.9 MB at 24 kbit/s); a longer one keeps its first five minutes. */
export const MAX_ANSWER_CLIP_MS = 5 * 60_000;

/**
 * Per-answer replay for one job (docs/answer-replay.md): the recorder, fed by the model's input hook and
 * the session's events, and the writer that stores each answered question's clip.
 */
export function answerRecording(
  config: AgentConfig,
  db: Database,
  store: InterviewStore,
  sampleRate: AnswerRecorderOptions['sampleRate'],
  log: () => Logger,
) {
  const writer = new RecordingWriter({
    db,
    storage: createRecordingStorage(config, db),
    sessionId: () => store.interviewId,
    timeoutMs: config.DB_TIMEOUT_MS,
    log,
  });
  const recorder = new AnswerRecorder({
    sampleRate,
    maxClipMs: MAX_ANSWER_CLIP_MS,
    onClip: (clip) => writer.save(clip),
    log,
  });
  return {
    recorder,
    writer,
    /** Noah's speaking state and the candidate's transcription, from the session's events. */
    listen(session: voice.AgentSession): void {
      session.on(voice.AgentSessionEventTypes.AgentStateChanged, (event) =>
        recorder.onAgentSpeaking(event.newState === 'speaking'),
      );
      session.on(voice.AgentSessionEventTypes.UserInputTranscribed, (event) =>
        recorder.onUserTranscript(event.itemId, event.transcript),
      );
    },
  };
}
