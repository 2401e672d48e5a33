import type { AgentConfig } from '@rehearse/config';
import { SYSTEM_INSTRUCTIONS, silenceDurationMs, type ThinkingTime } from '@rehearse/interview';
import {
  DEFAULT_CONNECT_LIMITS,
  type ReconnectHooks,
  ResilientRealtimeModel,
} from './resilient-realtime-model.ts';

const DEFAULT_MODEL = {
  geminiApi: 'gemini-2.5-flash-native-audio-preview-12-2025',
  vertexAi: 'gemini-live-2.5-flash-native-audio',
};

/**
 * Gemini Live with an API key, or Vertex AI; GEMINI_LIVE_BASE_URL points it at the local emulator.
 * `thinkingTime` is the interview's: the silence after which the model takes the candidate's turn as over.
 */
export function createRealtimeModel(
  config: AgentConfig,
  hooks: ReconnectHooks,
  thinkingTime: ThinkingTime,
): ResilientRealtimeModel {
  const credentials = config.GOOGLE_GENAI_USE_VERTEXAI
    ? { vertexai: true, project: config.GOOGLE_CLOUD_PROJECT, location: config.GOOGLE_CLOUD_LOCATION }
    : { apiKey: config.GOOGLE_API_KEY };
  return new ResilientRealtimeModel(
    {
      ...credentials,
      model:
        config.GEMINI_MODEL ??
        (config.GOOGLE_GENAI_USE_VERTEXAI ? DEFAULT_MODEL.vertexAi : DEFAULT_MODEL.geminiApi),
      voice: config.GEMINI_VOICE,
      instructions: SYSTEM_INSTRUCTIONS,
      inputAudioTranscription: {},
      outputAudioTranscription: {},
      // Without compression an audio session ends after ~15 minutes.
      contextWindowCompression: { slidingWindow: {} },
      // A thinking pause must not end the answer; "I'm done" (done-speaking.ts) ends it at once instead.
      realtimeInputConfig: {
        automaticActivityDetection: { silenceDurationMs: silenceDurationMs(thinkingTime) },
      },
      ...(config.GEMINI_LIVE_BASE_URL ? { httpOptions: { baseUrl: config.GEMINI_LIVE_BASE_URL } } : {}),
    },
    hooks,
    { ...DEFAULT_CONNECT_LIMITS, attemptTimeoutMs: config.GEMINI_CONNECT_TIMEOUT_MS },
  );
}
