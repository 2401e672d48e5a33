'use client';
import { useEffect, useState } from 'react';
import { type Announcement, nextAnnouncement, type TranscriptLine } from '@/lib/client/transcript.ts';

/** A line without a final mark counts as finished once it has not changed for this long (Noah's lines). */
const QUIET_MS = 1_500;

/** The text for the transcript's polite live region: each finished line once (see `nextAnnouncement`). */
export function useTranscriptAnnouncement(lines: readonly TranscriptLine[]): string {
  const last = lines.at(-1);
  const [quietLine, setQuietLine] = useState<Announcement | null>(null);
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);

  const lastId = last?.id;
  const lastText = last?.text;
  useEffect(() => {
    if (lastId === undefined || lastText === undefined) return;
    const timer = setTimeout(() => setQuietLine({ id: lastId, text: lastText }), QUIET_MS);
    return () => clearTimeout(timer);
  }, [lastId, lastText]);

  useEffect(() => {
    setAnnouncement((current) => nextAnnouncement(lines, current, quietLine));
  }, [lines, quietLine]);

  return announcement?.text ?? '';
}
