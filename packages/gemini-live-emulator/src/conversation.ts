import type { TemplateSources } from './template.ts';

export interface HistoryEntry {
  role: 'user' | 'model';
  text: string;
}

/** A copy of everything needed to continue a conversation on a new connection. */
export interface ConversationSnapshot {
  cursor: number;
  instructions: string[];
  systemInstructions: string[];
  toolResponses: [string, unknown][];
  history: HistoryEntry[];
}

/** The conversation's state: where the script is, and the texts placeholders are filled from. */
export class Conversation implements TemplateSources {
  /** Index of the next scripted turn. */
  cursor = 0;
  readonly instructions: string[] = [];
  readonly systemInstructions: string[] = [];
  readonly toolResponses = new Map<string, unknown>();
  readonly history: HistoryEntry[] = [];

  static restore(snapshot: ConversationSnapshot): Conversation {
    const conversation = new Conversation();
    conversation.cursor = snapshot.cursor;
    conversation.instructions.push(...snapshot.instructions);
    conversation.systemInstructions.push(...snapshot.systemInstructions);
    for (const [name, response] of snapshot.toolResponses) conversation.toolResponses.set(name, response);
    conversation.history.push(...snapshot.history);
    return conversation;
  }

  snapshot(): ConversationSnapshot {
    return structuredClone({
      cursor: this.cursor,
      instructions: this.instructions,
      systemInstructions: this.systemInstructions,
      toolResponses: [...this.toolResponses],
      history: this.history,
    });
  }
}
