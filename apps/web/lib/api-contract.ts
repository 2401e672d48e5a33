/** Response bodies of the web API, shared by the route handlers, the browser client and the tests. */

/** `POST /api/start-bot` → 200. */
export interface StartBotResponse {
  token: string;
  room_name: string;
  identity: string;
  livekit_url: string;
  interview_id: string;
  /** True when an unfinished interview continues (in its live room, or in a new one if that room is gone). */
  resumed: boolean;
}
