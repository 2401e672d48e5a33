'use client';
import {
  type AgentState,
  BarVisualizer,
  type TrackReference,
  useTrackVolume,
} from '@livekit/components-react';
import { useReducedMotion } from '@/hooks/use-reduced-motion.ts';
import styles from './agent-visualizer.module.css';

const BARS = 7;
/** Above this level Noah's track counts as sound (0..1); tests read it as data-active. */
const ACTIVE_LEVEL = 0.02;

/**
 * Noah's voice as bars (the library's BarVisualizer); decorative, the state text beside it says the same in
 * words. With "reduce motion" set, the bars stand still and only their colour follows Noah's state.
 */
export function AgentVisualizer({ track, state }: { track: TrackReference | undefined; state: AgentState }) {
  const reducedMotion = useReducedMotion();
  const active = useTrackVolume(track) > ACTIVE_LEVEL;
  return (
    <div
      className={styles.visualizer}
      data-testid="visualizer"
      data-state={state}
      data-active={active}
      data-motion={reducedMotion ? 'reduced' : 'full'}
      aria-hidden="true"
    >
      {reducedMotion ? (
        <div className={styles.still}>
          {Array.from({ length: BARS }, (_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed row of identical bars
            <span key={index} />
          ))}
        </div>
      ) : (
        <BarVisualizer
          className={styles.bars}
          state={state}
          track={track}
          barCount={BARS}
          options={{ minHeight: 12, maxHeight: 100 }}
        />
      )}
    </div>
  );
}
