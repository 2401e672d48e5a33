import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { synthesizeSpeech } from '@rehearse/speech';
import { espeakSoxPcm, missingReferencePrograms } from './espeak-sox.ts';
import { progress, round, summarize } from './stats.ts';

const SAMPLE_RATE = 24_000; // the emulator's output rate
const VOICE = 'en-us+m3';
const WORDS_PER_MINUTE = 175;
const ROUNDS = 4;
const COLD_PROCESSES = 5;
const WARM_UP_PASSES = 2;

/** What the emulator says in an interview: short acknowledgements to long questions. */
const lines = [
  'Hello Ada, welcome to your practice interview. I am Noah.',
  'Before we start, could you tell me a little about your background?',
  'Thanks. Tell me about a project you are proud of, and what your part in it was.',
  'How did you decide what to build first, and what would you do differently today?',
  'Describe a time you disagreed with a teammate. How did you resolve it?',
  'Good. What happens in your design when the database is slow or unavailable?',
  'Thank you, that is all my questions. Here is your feedback.',
  'You communicated clearly and gave concrete examples; next time, quantify the impact of your work.',
];

/** Milliseconds of synthesis per second of speech produced. */
async function msPerSecondOfSpeech(synthesize: (text: string) => Promise<Buffer>, text: string) {
  const started = performance.now();
  const pcm = await synthesize(text);
  return (performance.now() - started) / (pcm.length / 2 / SAMPLE_RATE);
}

/**
 * The first call in a fresh process (loading the engine included) and the memory the engine adds, under tsx as
 * the emulator runs: tsx's loader transforms the engine's 0.8 MB of JavaScript, which is most of both numbers.
 */
async function coldStart(): Promise<{ firstCallMs: number; rssAddedMiB: number }> {
  const script = `
    import { synthesizeSpeech } from '@rehearse/speech';
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    await synthesizeSpeech(${JSON.stringify(lines[0])}, { sampleRate: ${SAMPLE_RATE} });
    const firstCallMs = performance.now() - started;
    console.log(JSON.stringify({ firstCallMs, rssAddedMiB: (process.memoryUsage().rss - rssBefore) / 2 ** 20 }));
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: import.meta.dirname },
  );
  return JSON.parse(stdout);
}

/**
 * Speech synthesis: the in-process WebAssembly engine (@rehearse/speech) against the system `espeak-ng | sox`
 * pipeline it replaced, on the same lines in the same run, alternating so both see the same machine load.
 */
export async function benchSpeech() {
  const wasm = (text: string) =>
    synthesizeSpeech(text, { sampleRate: SAMPLE_RATE, voice: VOICE, wordsPerMinute: WORDS_PER_MINUTE });
  const reference = (text: string) => espeakSoxPcm(text, SAMPLE_RATE, VOICE, WORDS_PER_MINUTE);
  const missing = missingReferencePrograms();

  const cold: Array<{ firstCallMs: number; rssAddedMiB: number }> = [];
  for (let i = 0; i < COLD_PROCESSES; i++) {
    cold.push(await coldStart());
    progress('speech cold start', i + 1, COLD_PROCESSES);
  }

  // The engine is JavaScript (wasm2js): the JIT needs a dozen calls or so before the speed settles.
  const warmingUp: number[] = [];
  for (let pass = 0; pass < WARM_UP_PASSES; pass++) {
    for (const line of lines) warmingUp.push(await msPerSecondOfSpeech(wasm, line));
  }
  if (missing.length === 0) await reference(lines[0] ?? ''); // programs and voice data in the page cache
  const wasmSamples: number[] = [];
  const referenceSamples: number[] = [];
  const total = ROUNDS * lines.length;
  for (let pass = 0; pass < ROUNDS; pass++) {
    for (const line of lines) {
      wasmSamples.push(await msPerSecondOfSpeech(wasm, line));
      if (missing.length === 0) referenceSamples.push(await msPerSecondOfSpeech(reference, line));
      progress('speech per second', wasmSamples.length, total);
    }
  }
  return {
    sampleRate: SAMPLE_RATE,
    lines: lines.length,
    wasm: {
      msPerSecondOfSpeech: summarize(wasmSamples),
      whileWarmingUpMsPerSecondOfSpeech: summarize(warmingUp),
      firstCallInFreshTsxProcessMs: summarize(cold.map((run) => run.firstCallMs)),
      rssAddedInTsxProcessMiB: round(summarize(cold.map((run) => run.rssAddedMiB)).p50),
    },
    espeakSox:
      missing.length === 0
        ? { msPerSecondOfSpeech: summarize(referenceSamples) }
        : {
            skipped: `${missing.join(' and ')} not installed (reference only: apt-get install espeak-ng sox)`,
          },
  };
}
