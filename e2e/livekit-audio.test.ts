import { dispose } from '@livekit/rtc-node';
import { joinToken, startTestLivekit, TEST_API_KEY, TEST_API_SECRET } from '@rehearse/test-stack/livekit';
import { RtcParticipant, sineWave } from '@rehearse/test-stack/rtc-participant';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from './support/network.ts';

let livekit: Awaited<ReturnType<typeof startTestLivekit>>;

beforeAll(async () => {
  assertInTestNetworkNamespace();
  livekit = await startTestLivekit();
});

afterAll(async () => {
  await dispose();
  await livekit?.stop();
});

it('carries audio between two rtc-node participants through the real livekit-server', async () => {
  const room = 'smoke-audio';
  const listener = await RtcParticipant.join(livekit.url, await joinToken(room, 'listener'));
  const speaker = await RtcParticipant.join(livekit.url, await joinToken(room, 'speaker'));
  await speaker.publishMicrophone();
  await speaker.speak(sineWave(3));

  expect(listener.framesWithSoundHeard()).toBeGreaterThan(50);
  const rooms = await new RoomServiceClient(livekit.httpUrl, TEST_API_KEY, TEST_API_SECRET).listParticipants(
    room,
  );
  expect(rooms.map((p) => p.identity).sort()).toEqual(['listener', 'speaker']);
  await Promise.all([speaker.leave(), listener.leave()]);
});
