/**
 * Run as its own process by failures.test.ts: synthesis with a missing engine, a loader that throws and an engine
 * that fails mid-synthesis, each followed by a call that must work. Prints one line per call; exits 0 only if
 * nothing escaped (Node ends a process on an unhandled rejection).
 */
import { loadEspeakEngine, SpeechSynthesizer, synthesizeSpeech } from '../src/index.ts';

const options = { sampleRate: 16_000 };

async function report(what: string, call: () => Promise<Buffer>): Promise<void> {
  try {
    const pcm = await call();
    console.log(`${what}: ${pcm.length > 0 ? 'spoke' : 'silent'}`);
  } catch (error) {
    console.log(`${what}: rejected: ${(error as Error).message}`);
  }
}

// The engine's package is not installed (a name that does not exist stands in for it).
const missingPackage = '@echogarden/espeak-ng-emscripten-missing';
let loads = 0;
const missingThenInstalled = new SpeechSynthesizer(async () => {
  loads++;
  if (loads === 1) await import(missingPackage);
  return loadEspeakEngine();
});
await report('missing engine', () => missingThenInstalled.synthesize('Hello.', options));
await report('missing engine, next call', () => missingThenInstalled.synthesize('Hello.', options));

const throwingLoader = new SpeechSynthesizer(() => {
  throw new Error('no engine here');
});
await report('throwing loader', () => throwingLoader.synthesize('Hello.', options));

let failures = 1;
const failingOnce = new SpeechSynthesizer(async () => {
  const engine = await loadEspeakEngine();
  return {
    sampleRate: engine.sampleRate,
    synthesize(text, voice, wordsPerMinute) {
      const spoken = engine.synthesize(text, voice, wordsPerMinute);
      if (failures-- > 0) throw new WebAssembly.RuntimeError('unreachable');
      return spoken;
    },
  };
});
await report('failing engine', () => failingOnce.synthesize('Hello.', options));
await report('failing engine, next call', () => failingOnce.synthesize('Hello.', options));

await report('shared engine', () => synthesizeSpeech('Hello.', options));
console.log(`alive, engine loads: ${loads}`);
