// Stands in for @livekit/local-inference (root package.json "overrides"). Rehearse's agent never uses LiveKit's
// local end-of-turn model or VAD: Gemini Live detects turns itself. Yet when that package loads, every agents-js
// worker forks an inference process that holds the model (~360 MB RSS on our machine). agents-js loads it in a
// try/catch and runs without it when it throws, which is what this does.
throw new Error('@livekit/local-inference is left out on purpose: Rehearse uses Gemini Live turn detection');
