import { AudioFrame } from '@livekit/rtc-node';
import { applyToolCall, COMPETENCIES, type InterviewState, newInterview } from '@rehearse/interview';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { FinishedClip } from './answer-clip.ts';
import { AnswerRecorder } from './answer-recorder.ts';

const RATE = 16_000;
const log = pino({ level: 'silent' });

/** 10 ms frames of a 200 Hz tone (voiced for the energy VAD) or of silence, as rtc-node hands them over. */
function frames(ms: number, voiced: boolean): AudioFrame[] {
  return Array.from({ length: ms / 10 }, (_, frame) => {
    const data = new Int16Array(160);
    if (voiced)
      for (let i = 0; i < 160; i += 1)
        data[i] = Math.round(8000 * Math.sin((2 * Math.PI * 200 * (frame * 160 + i)) / RATE));
    return new AudioFrame(data, RATE, 1, 160);
  });
}

function call(state: InterviewState, name: string, args: unknown, toolCallId: string): InterviewState {
  const outcome = applyToolCall(state, { name, args, toolCallId }, { questionCount: 2 });
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.state;
}

const answer = (questionId: string) => ({
  question_id: questionId,
  summary: 'A clear answer.',
  scores: [{ competency: COMPETENCIES[0], score: 3, evidence: 'said so' }],
});

describe('answer recorder', () => {
  it('keeps one clip per answered question, from the moment it is current to its record_answer', () => {
    let now = 1_000_000;
    const clips: FinishedClip[] = [];
    const recorder = new AnswerRecorder({
      sampleRate: 16_000,
      maxClipMs: 60_000,
      onClip: (clip) => clips.push(clip),
      log: () => log,
      now: () => now,
    });
    const feed = (list: AudioFrame[]) => {
      for (const frame of list) {
        recorder.onFrame(frame);
        now += 10;
      }
    };
    let state = newInterview({ candidateName: 'Ada' });
    recorder.onState(state);
    feed(frames(500, true)); // profile talk: no question is current, nothing is kept
    state = call(
      state,
      'save_profile',
      { name: 'Ada', target_role: 'backend developer', experience_years: 5 },
      't1',
    );
    recorder.onState(state); // the background question is current
    recorder.onAgentSpeaking(true);
    feed(frames(1_000, false)); // Noah asks
    recorder.onAgentSpeaking(false);
    feed(frames(1_200, true));
    recorder.onUserTranscript('turn-1', 'I build');
    recorder.onUserTranscript('turn-1', 'I build payment systems.');
    feed(frames(300, false));
    state = call(state, 'record_answer', answer('background'), 't2');
    recorder.onState(state);
    feed(frames(400, true)); // after the answer's boundary: not in its clip
    state = call(state, 'next_question', {}, 't3');
    recorder.onState(state);
    feed(frames(700, true));
    recorder.onUserTranscript('turn-2', 'Caching, mostly.');
    state = call(state, 'record_answer', answer(state.questionIds[0] as string), 't4');
    recorder.onState(state);

    expect(clips.map((clip) => [clip.questionId, clip.questionIndex, clip.durationMs])).toEqual([
      ['background', 0, 2_500],
      [state.questionIds[0], 1, 700],
    ]);
    const [background] = clips as [FinishedClip];
    expect(background).toMatchObject({
      speechSegments: [{ startMs: 1_000, endMs: 2_200 }],
      agentSpeechMs: 1_000,
      candidateText: 'I build payment systems.',
      mimeType: 'audio/ogg; codecs=opus',
      truncated: false,
    });
    expect(clips[1]).toMatchObject({
      speechSegments: [{ startMs: 0, endMs: 700 }],
      candidateText: 'Caching, mostly.',
    });
    expect(new TextDecoder().decode(background.audio.subarray(0, 4))).toBe('OggS');
  });

  it('caps a clip at maxClipMs, and drops an unanswered clip when the job ends', () => {
    const clips: FinishedClip[] = [];
    const recorder = new AnswerRecorder({
      sampleRate: 16_000,
      maxClipMs: 1_000,
      onClip: (clip) => clips.push(clip),
      log: () => log,
    });
    let state = call(
      newInterview({ candidateName: 'Ada' }),
      'save_profile',
      { name: 'Ada', target_role: 'backend developer', experience_years: 5 },
      't1',
    );
    recorder.onState(state);
    for (const frame of frames(3_000, true)) recorder.onFrame(frame);
    state = call(state, 'record_answer', answer('background'), 't2');
    recorder.onState(state);
    expect(clips[0]).toMatchObject({
      durationMs: 1_000,
      truncated: true,
      speechSegments: [{ startMs: 0, endMs: 1_000 }],
    });

    state = call(state, 'next_question', {}, 't3');
    recorder.onState(state);
    for (const frame of frames(500, true)) recorder.onFrame(frame);
    recorder.close();
    recorder.onState(call(state, 'record_answer', answer(state.questionIds[0] as string), 't4'));
    expect(clips).toHaveLength(1);
  });

  it('never throws into the tool call or the audio path: a failure ends recording for the job', () => {
    let calls = 0;
    const recorder = new AnswerRecorder({
      sampleRate: 16_000,
      maxClipMs: 60_000,
      onClip: () => {
        calls += 1;
        throw new Error('storage exploded');
      },
      log: () => log,
    });
    let state = call(
      newInterview({ candidateName: 'Ada' }),
      'save_profile',
      { name: 'Ada', target_role: 'backend developer', experience_years: 5 },
      't1',
    );
    recorder.onState(state);
    for (const frame of frames(200, true)) recorder.onFrame(frame);
    state = call(state, 'record_answer', answer('background'), 't2');
    expect(() => recorder.onState(state)).not.toThrow();
    state = call(state, 'next_question', {}, 't3');
    recorder.onState(state);
    for (const frame of frames(200, true)) expect(() => recorder.onFrame(frame)).not.toThrow();
    recorder.onState(call(state, 'record_answer', answer(state.questionIds[0] as string), 't4'));
    expect(calls).toBe(1);
  });
});
