import { z } from 'zod';
import { agentName, required, wsUrl } from './fields.ts';

export const livekitFields = {
  LIVEKIT_URL: wsUrl,
  LIVEKIT_API_KEY: required('the LiveKit API key'),
  LIVEKIT_API_SECRET: required('the LiveKit API secret'),
  AGENT_NAME: agentName,
};

export const livekitSchema = z.object(livekitFields);
