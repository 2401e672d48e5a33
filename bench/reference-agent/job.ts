import { defineAgent, type JobContext, voice } from '@livekit/agents';
import * as google from '@livekit/agents-plugin-google';

/**
 * The reference job, written as LiveKit's agent starter writes a Gemini Live agent: a session with the realtime
 * model, started on the room, then a greeting. The model options are ours (apps/agent/src/realtime-model.ts);
 * nothing else of ours: no persistence, no guards, no lease, no metrics.
 */
export default defineAgent({
  entry: async (ctx: JobContext) => {
    const session = new voice.AgentSession({
      llm: new google.realtime.RealtimeModel({
        model: process.env.GEMINI_MODEL ?? 'gemini-2.5-flash-native-audio-preview-12-2025',
        voice: process.env.GEMINI_VOICE ?? 'Puck',
        apiKey: process.env.GOOGLE_API_KEY,
        instructions: 'You are Noah, a friendly job interviewer. Ask one question at a time.',
        inputAudioTranscription: {},
        outputAudioTranscription: {},
        contextWindowCompression: { slidingWindow: {} },
        ...(process.env.GEMINI_LIVE_BASE_URL
          ? { httpOptions: { baseUrl: process.env.GEMINI_LIVE_BASE_URL } }
          : {}),
      }),
    });
    await session.start({
      agent: new voice.Agent({ instructions: 'You are Noah, a friendly job interviewer.' }),
      room: ctx.room,
    });
    await ctx.connect();
    session.generateReply({ instructions: 'Greet the candidate and ask your first question.' });
  },
});
