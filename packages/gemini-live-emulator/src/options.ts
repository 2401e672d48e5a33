import { z } from 'zod';

/** Models the emulator serves; anything else is refused with close code 1008, as the real service does. */
export const defaultModels = [
  'gemini-2.5-flash-native-audio-preview-12-2025',
  'gemini-2.5-flash-native-audio-preview-09-2025',
  'gemini-2.5-flash-native-audio-latest',
  'gemini-live-2.5-flash-preview',
  'gemini-live-2.5-flash-native-audio',
  'gemini-live-2.5-flash',
  'gemini-2.0-flash-live-001',
  'gemini-2.0-flash-live-preview-04-09',
  'gemini-3.1-flash-live-preview',
] as const;

export const latencySchema = z
  .object({
    /** Delay before setupComplete. */
    setupMs: z.number().int().nonnegative().default(0),
    /** Delay between the end of the user's turn and the model's first output. */
    firstResponseMs: z.number().int().nonnegative().default(250),
    /** Output audio pace: 1 = real time, 2 = twice as fast, 0 = as fast as possible. */
    realtimeFactor: z.number().nonnegative().default(1),
    /** Length of each output audio chunk. */
    chunkMs: z.number().int().min(20).max(2000).default(200),
  })
  .strict();

export const faultsSchema = z
  .object({
    /** Extra delay before setupComplete. */
    setupDelayMs: z.number().int().nonnegative().optional(),
    /** Refuse the session after setup with close code 1011 and the quota message. */
    quotaExceeded: z.boolean().optional(),
    /** Destroy the TCP connection (clients see 1006) when setup arrives, before setupComplete. */
    dropOnSetup: z.boolean().optional(),
    /** Reset the connection at the HTTP upgrade, with no response: an endpoint that cannot be reached. */
    refuseConnection: z.boolean().optional(),
    /** Destroy the TCP connection (no close frame: clients see 1006) this long after setupComplete. */
    dropAfterMs: z.number().int().nonnegative().optional(),
    /** Send goAway this long after setupComplete, then close when its timeLeft runs out. */
    goAwayAfterMs: z.number().int().nonnegative().optional(),
    /**
     * Characters inserted after the first word of every input transcription, as a recogniser sometimes
     * emits them (a NUL, a lone surrogate): what the client stores must survive them.
     */
    transcriptNoise: z.string().min(1).optional(),
  })
  .strict();

export const emulatorOptionsSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(0),
    /** Accepted API keys (Gemini API) and bearer tokens (Vertex); any non-empty one when omitted. */
    apiKeys: z.array(z.string().min(1)).optional(),
    models: z
      .array(z.string().min(1))
      .min(1)
      .default([...defaultModels]),
    latency: latencySchema.default(latencySchema.parse({})),
    faults: faultsSchema.default({}),
    /** Connection lifetime of the real service (~10 min); goAway is sent `goAwayLeadMs` before it ends. */
    connectionLifetimeMs: z.number().int().positive().default(600_000),
    goAwayLeadMs: z.number().int().nonnegative().default(50_000),
    /** How long a session resumption handle stays valid after it was issued. */
    resumptionHandleTtlMs: z
      .number()
      .int()
      .positive()
      .default(2 * 60 * 60 * 1000),
    /**
     * Send generationComplete right after a toolCall. Some models do (the gemini-2.0 Vertex recording in
     * js-genai), the native-audio ones do not; LiveKit's JS plugin 1.9 reads it as a new generation.
     */
    generationCompleteAfterToolCall: z.boolean().default(false),
    /**
     * How fast the model speaks (espeak-ng words per minute; people speak ~150–180). The test suites raise it: they
     * check what Noah says and when, not how long it takes him to say it.
     */
    voiceWordsPerMinute: z.number().int().min(80).max(450).default(175),
    /** How many finished sessions `sessions` keeps for inspection. */
    maxRecordedSessions: z.number().int().positive().default(100),
  })
  .strict();

export type EmulatorLatency = z.infer<typeof latencySchema>;
export type EmulatorFaults = z.infer<typeof faultsSchema>;
export type ParsedEmulatorOptions = z.infer<typeof emulatorOptionsSchema>;
