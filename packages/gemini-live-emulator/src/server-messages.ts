import type { ApiSurface } from './session-record.ts';

/** Builders for server → client messages; the two API surfaces differ in a few field names. */
export type ServerMessage = Record<string, unknown>;

export const outputSampleRate = 24_000;

export function setupComplete(api: ApiSurface, sessionId: string): ServerMessage {
  return { setupComplete: api === 'vertex' ? { sessionId } : {} };
}

function modelTurn(api: ApiSurface, part: Record<string, unknown>): ServerMessage {
  return {
    serverContent: { modelTurn: api === 'vertex' ? { role: 'model', parts: [part] } : { parts: [part] } },
  };
}

export function audioChunk(api: ApiSurface, pcm: Buffer): ServerMessage {
  const mimeType = api === 'vertex' ? 'audio/pcm' : `audio/pcm;rate=${outputSampleRate}`;
  return modelTurn(api, { inlineData: { mimeType, data: pcm.toString('base64') } });
}

export function textChunk(api: ApiSurface, text: string): ServerMessage {
  return modelTurn(api, { text });
}

export function outputTranscription(text: string): ServerMessage {
  return { serverContent: { outputTranscription: { text } } };
}

export function inputTranscription(text: string): ServerMessage {
  return { serverContent: { inputTranscription: { text } } };
}

export const generationComplete: ServerMessage = { serverContent: { generationComplete: true } };
export const interrupted: ServerMessage = { serverContent: { interrupted: true } };

export interface Usage {
  promptTextTokens: number;
  promptAudioTokens: number;
  responseTokens: number;
  responseModality: 'AUDIO' | 'TEXT';
}

function details(entries: [string, number][]): { modality: string; tokenCount: number }[] {
  return entries.filter(([, count]) => count > 0).map(([modality, tokenCount]) => ({ modality, tokenCount }));
}

export function turnComplete(api: ApiSurface, usage: Usage): ServerMessage {
  const prompt = usage.promptTextTokens + usage.promptAudioTokens;
  const promptDetails = details([
    ['TEXT', usage.promptTextTokens],
    ['AUDIO', usage.promptAudioTokens],
  ]);
  const responseDetails = details([[usage.responseModality, usage.responseTokens]]);
  const usageMetadata =
    api === 'vertex'
      ? {
          promptTokenCount: prompt,
          candidatesTokenCount: usage.responseTokens,
          totalTokenCount: prompt + usage.responseTokens,
          promptTokensDetails: promptDetails,
          candidatesTokensDetails: responseDetails,
        }
      : {
          promptTokenCount: prompt,
          responseTokenCount: usage.responseTokens,
          totalTokenCount: prompt + usage.responseTokens,
          promptTokensDetails: promptDetails,
          responseTokensDetails: responseDetails,
        };
  return { serverContent: { turnComplete: true }, usageMetadata };
}

export function toolCall(functionCalls: { id: string; name: string; args: unknown }[]): ServerMessage {
  return { toolCall: { functionCalls: functionCalls.map(({ name, args, id }) => ({ name, args, id })) } };
}

export function toolCallCancellation(ids: string[]): ServerMessage {
  return { toolCallCancellation: { ids } };
}

export function goAway(timeLeft: string): ServerMessage {
  return { goAway: { timeLeft } };
}

export function sessionResumptionUpdate(
  newHandle: string,
  lastConsumedClientMessageIndex?: number,
): ServerMessage {
  return {
    sessionResumptionUpdate: {
      newHandle,
      resumable: true,
      ...(lastConsumedClientMessageIndex === undefined
        ? {}
        : { lastConsumedClientMessageIndex: String(lastConsumedClientMessageIndex) }),
    },
  };
}

/** Splits text into `parts` runs of whole words; every run after the first keeps its leading space. */
export function splitWords(text: string, parts: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const runs: string[] = [];
  let started = false;
  for (let i = 0; i < parts; i++) {
    const slice = words.slice(
      Math.floor((i * words.length) / parts),
      Math.floor(((i + 1) * words.length) / parts),
    );
    runs.push(slice.length === 0 ? '' : (started ? ' ' : '') + slice.join(' '));
    started ||= slice.length > 0;
  }
  return runs;
}
