import { type FunctionDeclaration, type LiveServerMessage, Modality, Type } from '@google/genai';
import {
  applyToolCall,
  greetingInstruction,
  type InterviewState,
  newInterview,
  TOOL_NAMES,
  type ToolName,
  toolReply,
} from '@rehearse/interview';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeminiLiveEmulator, startGeminiLiveEmulator } from '../src/index.ts';
import { connectSdk, quietLogger, sendSpeech, transcript, userSpeech } from './helpers.ts';

const declare = (name: string): FunctionDeclaration => ({
  name,
  parameters: { type: Type.OBJECT, properties: {} },
});
const isTurnComplete = (message: LiveServerMessage) => message.serverContent?.turnComplete === true;

/**
 * The shipped scenario must agree with the interview domain: every tool call it makes is applied
 * with the real transitions and answered as the agent answers (toolReply), and none may be refused.
 */
describe('the default interview scenario', () => {
  let emulator: GeminiLiveEmulator;

  beforeAll(async () => {
    emulator = await startGeminiLiveEmulator({
      latency: { realtimeFactor: 0, firstResponseMs: 0 },
      logger: quietLogger,
    });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('runs a whole interview the domain accepts: profile, background, three questions, report', async () => {
    const connection = await connectSdk(emulator.baseUrl, {
      responseModalities: [Modality.AUDIO],
      outputAudioTranscription: {},
      inputAudioTranscription: {},
      tools: [{ functionDeclarations: Object.values(TOOL_NAMES).map(declare) }],
    });
    let state: InterviewState = newInterview({ candidateName: 'Ada Lovelace' });
    const rejected: string[] = [];

    /** Answers every tool call up to the end of the model's turn; returns what it said. */
    async function completeTurn(from: number): Promise<string> {
      let index = from;
      for (;;) {
        const message = await connection.next(
          (m) => m.toolCall !== undefined || isTurnComplete(m),
          15_000,
          index,
        );
        index = connection.messages.indexOf(message) + 1;
        if (isTurnComplete(message))
          return transcript(connection.messages.slice(from), 'outputTranscription');
        const functionResponses = (message.toolCall?.functionCalls ?? []).map((call) => {
          const outcome = applyToolCall(state, {
            name: call.name as ToolName,
            args: call.args,
            toolCallId: call.id ?? '',
          });
          if (!outcome.ok) rejected.push(`${call.name}: ${outcome.error}`);
          else state = outcome.state;
          const output = outcome.ok ? toolReply(state, outcome.instruction) : `ERROR: ${outcome.error}`;
          return { id: call.id, name: call.name, response: { output: JSON.stringify(output) } };
        });
        connection.session.sendToolResponse({ functionResponses });
      }
    }

    async function candidateSays(text: string): Promise<string> {
      const from = connection.messages.length;
      await sendSpeech(connection.session, await userSpeech(text));
      return completeTurn(from);
    }

    // What LiveKit's generateReply({instructions}) sends for the greeting.
    connection.session.sendClientContent({
      turns: [{ role: 'user', parts: [{ text: greetingInstruction(state) }] }],
      turnComplete: true,
    });
    expect(await completeTurn(0)).toMatch(/^Hello Ada, I'm Noah/);

    expect(await candidateSays('Backend engineer, six years.')).toMatch(/^Thanks, Ada\. .*background/i);
    expect(state.phase).toBe('background');
    const firstQuestion = await candidateSays('I studied computer science.');
    expect(firstQuestion).toContain(`Question 1 of 3. ${toolReply(state, '').current_question}`);
    await candidateSays('I led a payments migration.');
    await candidateSays('We compared the risks.');
    expect(await candidateSays('I bisected the deploys.')).toMatch(/last question/);
    expect(state.phase).toBe('wrap_up');
    expect(await candidateSays('No, thank you.')).toMatch(/Your report is ready on screen/);

    expect(rejected).toEqual([]);
    expect(state.phase).toBe('completed');
    expect(state.answers.map((answer) => answer.questionId)).toEqual(['background', ...state.questionIds]);
    expect(state.report?.strengths.length).toBeGreaterThan(0);
    connection.session.close();
  });
});
