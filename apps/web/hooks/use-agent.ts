'use client';
import { useRemoteParticipants, useTracks } from '@livekit/components-react';
import { type RemoteParticipant, RoomEvent, Track } from 'livekit-client';
import { useParticipantAttributes } from './use-participant-attributes.ts';

/** What LiveKit agents publish as `lk.agent.state`; 'connecting' until the agent is in the room. */
export type AgentState = 'connecting' | 'initializing' | 'idle' | 'listening' | 'thinking' | 'speaking';

const AGENT_STATES = new Set<string>(['initializing', 'idle', 'listening', 'thinking', 'speaking']);

/** The interviewer in the room: the agent participant, its state, attributes and audio track. */
export function useAgent() {
  const participants = useRemoteParticipants({
    updateOnlyOn: [
      RoomEvent.ParticipantConnected,
      RoomEvent.ParticipantDisconnected,
      RoomEvent.ConnectionStateChanged,
    ],
  });
  const agent: RemoteParticipant | undefined = participants.find((participant) => participant.isAgent);
  const attributes = useParticipantAttributes(agent);
  const audioTrack = useTracks([Track.Source.Microphone], { onlySubscribed: true }).find(
    (track) => agent !== undefined && track.participant.identity === agent.identity,
  );
  const published = attributes['lk.agent.state'];
  const state: AgentState = !agent
    ? 'connecting'
    : published && AGENT_STATES.has(published)
      ? (published as AgentState)
      : 'initializing';
  return { agent, attributes, audioTrack, state };
}
