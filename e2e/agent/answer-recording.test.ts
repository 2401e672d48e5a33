import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import { SpeechSegmenter } from '@rehearse/audio';
import { decodeOggOpus } from '@rehearse/audio/test-decode';
import { databaseStorage } from '@rehearse/recordings';
import { newCandidate, startAgentStack } from '@rehearse/test-stack/agent-stack';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import type { Stack } from '@rehearse/test-stack/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

const scenarioFile = join(import.meta.dirname, 'scenarios/one-question.json');
let stack: Stack;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  stack = await startAgentStack({ scenarioFile });
});

afterAll(async () => {
  await dispose();
  await stack?.stop();
});

/** How long the sent audio is voiced, by the same VAD the agent uses (48 kHz, as the participant sends it). */
function voicedMs(samples: Int16Array): number {
  const segmenter = new SpeechSegmenter(48_000);
  segmenter.push(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  return segmenter.finish().reduce((sum, segment) => sum + segment.endMs - segment.startMs, 0);
}

describe('per-answer recording, with the real agent, livekit-server and the emulator', () => {
  it('stores each answered question as Ogg Opus whose length and speech match what the candidate said', async () => {
    const candidate = await newCandidate(stack, 'Ada Lovelace');
    const user = await RtcParticipant.join(stack.livekit.url, candidate.token);
    await user.publishMicrophone();
    await user.waitForAgentTurns(1);

    await user.sayAndWaitForReply(
      await candidateSpeech('A backend engineer role, five years of experience.'),
    );
    const background = await candidateSpeech('I build payment systems.');
    await user.sayAndWaitForReply(background);
    const answer = await candidateSpeech('I led a payments migration that halved failures.');
    await user.sayAndWaitForReply(answer);

    const recordings = await until(
      'both answers recorded',
      () => stack.db.recordings.listForSession(candidate.sessionId),
      (rows) => rows.length === 2,
    );
    expect(recordings.map((row) => [row.questionId, row.questionIndex])).toEqual([
      ['background', 0],
      [expect.stringMatching(/^swe-\d+$/), 1],
    ]);
    // What was recorded, for the run's log (docs/answer-replay.md quotes such figures).
    console.info(
      recordings.map(({ questionId, durationMs, byteLength, speechSegments, agentSpeechMs }) => ({
        questionId,
        durationMs,
        byteLength,
        speechSegments,
        agentSpeechMs,
      })),
    );
    const storage = databaseStorage(stack.db);
    for (const [recording, sent, words] of [
      [recordings[0], background, 'I build payment systems.'],
      [recordings[1], answer, 'I led a payments migration that halved failures.'],
    ] as const) {
      if (!recording) throw new Error('missing recording');
      expect(recording).toMatchObject({ mimeType: 'audio/ogg; codecs=opus', candidateText: words });
      // Noah spoke while the question was current: his question (and, for background, the profile reply).
      expect(recording.agentSpeechMs).toBeGreaterThan(500);
      const audio = await until(
        'the clip in storage',
        () => storage.get(recording.storageKey),
        (bytes) => bytes !== null,
      );
      expect(recording.byteLength).toBe(audio?.length);
      const pcm = decodeOggOpus(audio as Uint8Array);
      // The decoded clip is as long as the recording says, and the candidate's one utterance is in it once,
      // as long as it was sent (the codec and the WebRTC path move its edges by a few frames at most).
      expect(Math.abs(pcm.length / 2 / 16 - recording.durationMs)).toBeLessThanOrEqual(20);
      expect(recording.speechSegments).toHaveLength(1);
      const [segment] = recording.speechSegments as [{ startMs: number; endMs: number }];
      expect(segment.endMs).toBeLessThanOrEqual(recording.durationMs);
      expect(Math.abs(segment.endMs - segment.startMs - voicedMs(sent))).toBeLessThan(250);
      const decoded = new SpeechSegmenter(16_000);
      decoded.push(pcm);
      const [again] = decoded.finish();
      expect(Math.abs((again?.startMs ?? -1) - segment.startMs)).toBeLessThan(100);
    }
    await user.leave();
  });
});
