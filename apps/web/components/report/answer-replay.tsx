'use client';
import type { RecordingView } from '@rehearse/api-contract';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useAuth } from '@/hooks/use-auth.ts';
import { fetchAnswerAudio } from '@/lib/client/api.ts';
import { timeWords, wordAt } from '@/lib/client/word-timing.ts';
import styles from './answer-replay.module.css';

/**
 * The candidate's recorded answer: a native player, and their transcribed words lit one by one as it plays
 * (timed over the voiced stretches of the clip, lib/client/word-timing.ts). The clip is fetched with the
 * user's ID token and played from a blob URL, released when the answer leaves the page.
 */
export function AnswerReplay({
  questionId,
  questionText,
  recording,
}: {
  questionId: string;
  questionText: string;
  recording: RecordingView;
}) {
  const { getIdToken } = useAuth();
  const [clip, setClip] = useState<{ src: string; bytes: number } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [currentMs, setCurrentMs] = useState(0);
  const audio = useRef<HTMLAudioElement>(null);
  const words = useMemo(
    () => timeWords(recording.candidate_text, recording.speech_segments, recording.duration_ms),
    [recording],
  );
  const current = wordAt(words, currentMs);

  useEffect(() => {
    let url: string | null = null;
    let live = true;
    getIdToken()
      .then((idToken) => fetchAnswerAudio(recording.audio_url, idToken))
      .then(
        (blob) => {
          if (!live) return;
          url = URL.createObjectURL(blob);
          setClip({ src: url, bytes: blob.size });
        },
        (error: unknown) => live && setFailed(error instanceof Error ? error.message : String(error)),
      );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [getIdToken, recording.audio_url]);

  // timeupdate fires only ~4 times a second: while playing, follow the clock every frame.
  useEffect(() => {
    const element = audio.current;
    if (!element || !clip) return;
    let frame = 0;
    const follow = () => {
      setCurrentMs(element.currentTime * 1000);
      if (!element.paused) frame = requestAnimationFrame(follow);
    };
    const onPlay = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(follow);
    };
    element.addEventListener('play', onPlay);
    element.addEventListener('seeked', follow);
    element.addEventListener('timeupdate', follow);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener('play', onPlay);
      element.removeEventListener('seeked', follow);
      element.removeEventListener('timeupdate', follow);
    };
  }, [clip]);

  return (
    <figure className={styles.replay} data-testid="answer-replay" data-question-id={questionId}>
      {failed ? (
        <p className={styles.status} role="alert">
          Could not load the recording: {failed}
        </p>
      ) : clip ? (
        // biome-ignore lint/a11y/useMediaCaption: the transcript is beside the player, lit word by word as it plays
        <audio
          ref={audio}
          className={styles.player}
          controls
          preload="metadata"
          src={clip.src}
          aria-label={`Your recorded answer to: ${questionText}`}
          data-clip-bytes={clip.bytes}
        />
      ) : (
        <p className={styles.status}>Loading your recording…</p>
      )}
      {words.length > 0 && (
        <figcaption>
          <p className={styles.transcript} data-testid="answer-transcript">
            {words.map((word, index) => (
              <span
                // Words repeat; their position is their identity.
                // biome-ignore lint/suspicious/noArrayIndexKey: the transcript never reorders
                key={index}
                className={index === current ? `${styles.word} ${styles.current}` : styles.word}
                data-current={index === current ? 'true' : undefined}
              >
                {word.word}{' '}
              </span>
            ))}
          </p>
        </figcaption>
      )}
    </figure>
  );
}
