import type { AudioFrame } from '@livekit/rtc-node';
import { BACKGROUND_QUESTION_ID, currentQuestion, type InterviewState } from '@rehearse/interview';
import { AnswerClip, type FinishedClip } from './answer-clip.ts';
import type { Logger } from './logger.ts';

export interface AnswerRecorderOptions {
  /** The rate the session resamples the candidate's track to (Gemini Live's input rate): what is recorded. */
  sampleRate: 16_000 | 24_000 | 48_000;
  /** The longest clip kept per answer (memory bound: ≈3 KB per second compressed); beyond it audio is dropped. */
  maxClipMs: number;
  /** A question was answered (its record_answer call applied): its clip, to store. */
  onClip: (clip: FinishedClip) => void;
  /** The job's logger as it is now (it gains the participant once the candidate is known). */
  log: () => Logger;
  now?: () => number;
}

/**
 * Records the candidate per answered question (docs/answer-replay.md). It is fed the frames the session
 * already sends to the model (no second AudioStream), the interview state after every change, Noah's
 * speaking state and the candidate's transcription. A clip opens when a question becomes current and is
 * unanswered, and closes at that question's record_answer: the answer's boundary.
 */
export class AnswerRecorder {
  #clip: AnswerClip | undefined;
  #agentSpeaking = false;
  #warnedRate = false;
  #closed = false;
  readonly #now: () => number;

  constructor(private readonly options: AnswerRecorderOptions) {
    this.#now = options.now ?? Date.now;
  }

  /** One frame of the candidate's audio (mono PCM16, as the session resampled it). Never throws. */
  onFrame(frame: AudioFrame): void {
    this.#guarded('recording a frame', () => this.#frame(frame));
  }

  /** After every change of the interview: closes the answered question's clip, opens the next one's. Never throws. */
  onState(state: InterviewState): void {
    this.#guarded('following the interview', () => this.#state(state));
  }

  #frame(frame: AudioFrame): void {
    const clip = this.#clip;
    if (!clip || this.#closed) return;
    if (frame.channels !== 1 || frame.sampleRate !== this.options.sampleRate) {
      if (!this.#warnedRate)
        this.options
          .log()
          .warn(
            { sampleRate: frame.sampleRate, channels: frame.channels },
            'candidate audio is not the recorded format; not recording it',
          );
      this.#warnedRate = true;
      return;
    }
    clip.pushAudio(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.samplesPerChannel * 2));
  }

  #state(state: InterviewState): void {
    if (this.#closed) return;
    const clip = this.#clip;
    if (clip && state.answers.some((answer) => answer.questionId === clip.questionId)) {
      this.#clip = undefined;
      this.#finish(clip);
    }
    const question = currentQuestion(state);
    if (!question || state.answers.some((answer) => answer.questionId === question.id)) return;
    if (this.#clip?.questionId === question.id) return;
    if (this.#clip)
      this.options
        .log()
        .info({ questionId: this.#clip.questionId }, 'question left unanswered; clip dropped');
    const index = question.id === BACKGROUND_QUESTION_ID ? 0 : state.questionIndex + 1;
    this.#clip = new AnswerClip(
      question.id,
      index,
      this.options.sampleRate,
      this.options.maxClipMs,
      this.#agentSpeaking,
      this.#now(),
    );
  }

  onAgentSpeaking(speaking: boolean): void {
    this.#agentSpeaking = speaking;
    this.#clip?.agentSpeaking(speaking, this.#now());
  }

  /** Gemini's input transcription: cumulative per user turn (`itemId`), partial until the reply is done. */
  onUserTranscript(itemId: string | null, transcript: string): void {
    this.#clip?.userText(itemId ?? 'turn', transcript);
  }

  /** The job ends: a clip without its record_answer is not an answer and is dropped. */
  close(): void {
    this.#closed = true;
    this.#clip = undefined;
  }

  /**
   * The recorder sits on the model's audio path and inside tool calls: a failure of its own (the encoder, say)
   * ends recording for this job, logged once, and never reaches the conversation.
   */
  #guarded(what: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.options
        .log()
        .error({ err: String(error), what }, 'answer recording failed; not recording this interview');
      this.close();
    }
  }

  #finish(clip: AnswerClip): void {
    const started = performance.now();
    const finished = clip.finish(this.#now());
    this.options.log().info(
      {
        questionId: finished.questionId,
        durationMs: finished.durationMs,
        bytes: finished.audio.length,
        segments: finished.speechSegments.length,
        truncated: finished.truncated,
        finishMs: Math.round(performance.now() - started),
      },
      'answer recorded',
    );
    this.options.onClip(finished);
  }
}
