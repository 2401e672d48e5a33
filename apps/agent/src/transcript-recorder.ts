import { voice } from '@livekit/agents';
import type { InterviewStore } from './interview-store.ts';

/** Persists every finished user and agent turn as it happens (in order, through the write-behind queue). */
export function recordTranscript(session: voice.AgentSession, store: InterviewStore): void {
  session.on(voice.AgentSessionEventTypes.ConversationItemAdded, ({ item }) => {
    if (item.type !== 'message') return;
    const text = item.textContent?.trim();
    if (!text) return;
    if (item.role === 'user') store.appendTurn('user', text);
    else if (item.role === 'assistant') store.appendTurn('agent', text);
  });
}
