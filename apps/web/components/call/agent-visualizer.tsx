'use client';
import { type TrackReference, useMultibandTrackVolume } from '@livekit/components-react';
import type { AgentState } from '@/hooks/use-agent.ts';

const BANDS = 7;
/** Above this level a band counts as sound (volumes are 0..1). */
const ACTIVE_LEVEL = 0.05;

/** Bars that move with Noah's voice; decorative, the state text next to it says the same in words. */
export function AgentVisualizer({
  trackRef,
  state,
}: {
  trackRef: TrackReference | undefined;
  state: AgentState;
}) {
  const bands = useMultibandTrackVolume(trackRef, { bands: BANDS, loPass: 100, hiPass: 200 });
  const levels = bands.length === BANDS ? bands : Array.from({ length: BANDS }, () => 0);
  const active = levels.some((level) => level > ACTIVE_LEVEL);
  return (
    <div className={`visualizer visualizer--${state}`} data-active={active} aria-hidden="true">
      {levels.map((level, index) => (
        <span
          // Bands are positional: the index is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed number of bands
          key={index}
          className="visualizer__bar"
          style={{ height: `${Math.round(12 + Math.min(1, level * 1.6) * 88)}%` }}
        />
      ))}
    </div>
  );
}
