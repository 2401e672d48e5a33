import { type ChildProcess, spawn } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import { listInterviewsResponse, startInterviewResponse } from '@rehearse/api-contract';
import { repoRoot } from '@rehearse/local-stack';
import { signUpUser } from '@rehearse/test-stack/firebase-users';
import { getJson, postStartInterview, readContract } from '@rehearse/test-stack/http';
import { RtcParticipant } from '@rehearse/test-stack/rtc-participant';
import { candidateSpeech } from '@rehearse/test-stack/speech';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInTestNetworkNamespace } from '../support/network.ts';
import { until } from '../support/poll.ts';

/**
 * `npm run dev` as a new user gets it: the launcher started the way the root script starts it, with a PATH that
 * holds `node` and nothing else (no espeak-ng, sox, go, psql…), its defaults from .env.example, and a fresh data
 * directory. One whole interview through the web app's real start-interview, then Ctrl-C must stop everything.
 */
const WEB = 'http://127.0.0.1:3000';
const AUTH_HOST = '127.0.0.1:9099';
const STACK_UP_TIMEOUT_MS = 300_000;
const LOG_FILE = join(repoRoot, '.artifacts', 'fresh-machine-dev-stack.log');

// The candidate's side of the default scenario (packages/gemini-live-emulator/src/scenarios/default-interview.json):
// the emulator follows its script turn by turn, so what matters is one real utterance per turn.
const candidateLines = [
  "I'm preparing for a backend engineer role, and I have six years of experience.",
  'I studied computer science, and I have spent six years building payment systems.',
  'I led the migration of our payments service to an event driven design.',
  'A teammate wanted to rewrite a service. I proposed an incremental plan.',
  'When checkout went down, I rolled back the bad deploy and added an alert.',
  'No, thank you. That was helpful.',
];

let launcher: ChildProcess;
let dataDir: string;
const output: string[] = [];
let exited: Promise<number | null>;

function waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
  return until(
    `launcher output ${pattern}`,
    async () => {
      if (launcher.exitCode !== null)
        throw new Error(`the launcher exited:\n${output.slice(-30).join('\n')}`);
      return output.find((line) => pattern.test(line)) ?? '';
    },
    (line) => line !== '',
    timeoutMs,
  );
}

beforeAll(async () => {
  assertInTestNetworkNamespace();
  dataDir = mkdtempSync(join(tmpdir(), 'rehearse-dev-stack-'));
  mkdirSync(dirname(LOG_FILE), { recursive: true });
  writeFileSync(LOG_FILE, '');
  const pathDir = join(dataDir, 'path');
  mkdirSync(pathDir);
  symlinkSync(process.execPath, join(pathDir, 'node'));
  launcher = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev-stack.ts'], {
    cwd: repoRoot,
    env: { HOME: process.env.HOME ?? dataDir, PATH: pathDir, REHEARSE_DATA_DIR: join(dataDir, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exited = new Promise((resolve) => launcher.once('exit', (code) => resolve(code)));
  for (const stream of [launcher.stdout, launcher.stderr]) {
    stream?.setEncoding('utf8');
    let partial = '';
    stream?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      output.push(...lines);
      appendFileSync(LOG_FILE, lines.map((line) => `${line}\n`).join(''));
    });
  }
  await waitForLine(/stack up in/, STACK_UP_TIMEOUT_MS);
}, STACK_UP_TIMEOUT_MS + 10_000);

afterAll(async () => {
  await dispose();
  if (launcher.exitCode === null) {
    launcher.kill('SIGINT');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run dev on a machine with only Node', () => {
  it('runs a whole interview, and Ctrl-C stops every process it started', async () => {
    expect(output.join('\n')).not.toMatch(/exited unexpectedly|failed to start/);
    const user = await signUpUser(AUTH_HOST, 'Grace Hopper');
    const response = await postStartInterview(WEB, { idToken: user.idToken });
    expect(response.status).toBe(200);
    const started = await readContract(response, startInterviewResponse);

    const candidate = await RtcParticipant.join(started.livekit_url, started.token);
    await candidate.publishMicrophone();
    await candidate.waitForAgentTurns(1, 90_000);
    expect(candidate.framesWithSoundHeard()).toBeGreaterThan(50);
    for (const line of candidateLines) await candidate.sayAndWaitForReply(await candidateSpeech(line));

    const finished = await until(
      'the interview completed with a report',
      async () => {
        const list = await getJson(WEB, '/api/interviews', user.idToken);
        const body = await readContract(list, listInterviewsResponse);
        return body.interviews.find((interview) => interview.id === started.interview_id);
      },
      (interview) => interview?.status === 'completed' && interview.has_report,
    );
    expect(finished).toMatchObject({ status: 'completed', has_report: true });
    await candidate.leave();

    // Ctrl-C: the launcher stops everything and exits 0; no process group it started is left.
    const registry = join(dataDir, 'data', 'dev-stack.json');
    const { processGroups: groups } = JSON.parse(readFileSync(registry, 'utf8')) as {
      processGroups: number[];
    };
    expect(groups.length).toBeGreaterThanOrEqual(5);
    launcher.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output.join('\n')).toMatch(/all stopped after/);
    expect(existsSync(registry)).toBe(false);
    const alive = groups.filter((group) => {
      try {
        process.kill(-group, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  }, 420_000);
});
