import { z } from 'zod';

/**
 * Client → server messages of BidiGenerateContent, as the SDK serialises them (camelCase JSON).
 * Nested objects stay loose: the real service accepts many optional fields we only record.
 */
const part = z.looseObject({ text: z.string().optional() });
const content = z.looseObject({ role: z.string().optional(), parts: z.array(part).default([]) });
const blob = z.looseObject({ data: z.string().default(''), mimeType: z.string().optional() });

const functionDeclaration = z.looseObject({ name: z.string().min(1), description: z.string().optional() });
const tool = z.looseObject({ functionDeclarations: z.array(functionDeclaration).optional() });

export const setupSchema = z.looseObject({
  model: z.string().min(1),
  generationConfig: z
    .looseObject({
      responseModalities: z.array(z.string()).optional(),
      speechConfig: z
        .looseObject({
          voiceConfig: z
            .looseObject({
              prebuiltVoiceConfig: z.looseObject({ voiceName: z.string().optional() }).optional(),
            })
            .optional(),
          languageCode: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  systemInstruction: z.union([content, z.string()]).optional(),
  tools: z.array(tool).optional(),
  realtimeInputConfig: z
    .looseObject({
      automaticActivityDetection: z
        .looseObject({
          disabled: z.boolean().optional(),
          startOfSpeechSensitivity: z.string().optional(),
          endOfSpeechSensitivity: z.string().optional(),
          prefixPaddingMs: z.number().optional(),
          silenceDurationMs: z.number().int().nonnegative().optional(),
        })
        .optional(),
      activityHandling: z.string().optional(),
      turnCoverage: z.string().optional(),
    })
    .optional(),
  sessionResumption: z
    .looseObject({ handle: z.string().optional(), transparent: z.boolean().optional() })
    .optional(),
  contextWindowCompression: z.looseObject({}).optional(),
  inputAudioTranscription: z.looseObject({}).optional(),
  outputAudioTranscription: z.looseObject({}).optional(),
});

export const clientContentSchema = z.looseObject({
  turns: z.array(content).default([]),
  turnComplete: z.boolean().default(false),
});

export const realtimeInputSchema = z.looseObject({
  audio: blob.optional(),
  mediaChunks: z.array(blob).optional(),
  video: blob.optional(),
  text: z.string().optional(),
  audioStreamEnd: z.boolean().optional(),
  activityStart: z.looseObject({}).optional(),
  activityEnd: z.looseObject({}).optional(),
});

export const toolResponseSchema = z.looseObject({
  functionResponses: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        name: z.string().optional(),
        response: z.unknown().optional(),
        willContinue: z.boolean().optional(),
      }),
    )
    .default([]),
});

export const contextUpdateSchema = z.looseObject({
  systemInstruction: z.union([content, z.string()]).optional(),
  tools: z.array(tool).optional(),
});

export type SetupMessage = z.infer<typeof setupSchema>;
export type ClientContentMessage = z.infer<typeof clientContentSchema>;
export type RealtimeInputMessage = z.infer<typeof realtimeInputSchema>;
export type ToolResponseMessage = z.infer<typeof toolResponseSchema>;
export type ContextUpdateMessage = z.infer<typeof contextUpdateSchema>;
export type Content = z.infer<typeof content>;

export type ClientMessage =
  | { kind: 'setup'; setup: SetupMessage }
  | { kind: 'clientContent'; clientContent: ClientContentMessage }
  | { kind: 'realtimeInput'; realtimeInput: RealtimeInputMessage }
  | { kind: 'toolResponse'; toolResponse: ToolResponseMessage }
  | { kind: 'contextUpdate'; contextUpdate: ContextUpdateMessage };

const schemas = {
  setup: setupSchema,
  clientContent: clientContentSchema,
  realtimeInput: realtimeInputSchema,
  toolResponse: toolResponseSchema,
  contextUpdate: contextUpdateSchema,
} as const;

/** A protocol violation; the real service answers with close code 1007 and a message like these. */
export class InvalidClientMessage extends Error {}

export function parseClientMessage(raw: string): ClientMessage {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new InvalidClientMessage('Invalid JSON payload received. Unexpected token.');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InvalidClientMessage('Invalid JSON payload received. Expected an object.');
  }
  const keys = Object.keys(json);
  for (const key of keys) {
    if (!(key in schemas)) {
      throw new InvalidClientMessage(
        `Invalid JSON payload received. Unknown name "${key}": Cannot find field.`,
      );
    }
  }
  const [kind] = keys as (keyof typeof schemas)[];
  if (kind === undefined || keys.length !== 1) {
    throw new InvalidClientMessage(
      'Request must contain exactly one of setup, clientContent, realtimeInput, toolResponse.',
    );
  }
  const result = schemas[kind].safeParse((json as Record<string, unknown>)[kind]);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InvalidClientMessage(
      `Invalid value at '${[kind, ...(issue?.path ?? [])].join('.')}': ${issue?.message ?? 'invalid'}`,
    );
  }
  return { kind, [kind]: result.data } as ClientMessage;
}

export function contentText(value: Content | string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return value.parts
    .map((item) => item.text ?? '')
    .join('')
    .trim();
}
