import { randomInt, randomUUID } from 'node:crypto';
import { EnergyVad, type VadEvent } from '@rehearse/audio';
import type { WebSocket } from 'ws';
import { Conversation } from './conversation.ts';
import type { Logger } from './logger.ts';
import type { EmulatorFaults, ParsedEmulatorOptions } from './options.ts';
import {
  type ClientContentMessage,
  type ClientMessage,
  contentText,
  InvalidClientMessage,
  parseClientMessage,
  type RealtimeInputMessage,
  type SetupMessage,
  type ToolResponseMessage,
} from './protocol.ts';
import type { ResumptionStore } from './resumption.ts';
import type { Scenario, ScenarioStep, TurnTrigger } from './scenario.ts';
import * as messages from './server-messages.ts';
import type { SessionRecord } from './session-record.ts';
import type { SpeechCache } from './speech.ts';
import { renderArgs, renderTemplate } from './template.ts';
import { protoDuration, sleep } from './timing.ts';

/** Close codes and reasons of the real service. */
export const close = {
  normal: 1000,
  invalidArgument: 1007,
  notFound: 1008,
  internal: 1011,
} as const;

const reasons = {
  invalidKey: 'API key not valid. Please pass a valid API key.',
  quota:
    'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
  deadline: 'Deadline expired before operation could complete.',
  explicitActivity:
    'Explicit activity control is not supported when automatic activity detection is enabled.',
  badHandle: 'Session resumption handle is invalid or has expired.',
  internal: 'Internal error encountered.',
};

const inputSampleRate = 16_000;
const defaultSilenceMs = 800;
const audioTokensPerSecond = 25;

interface Trigger {
  kind: TurnTrigger;
  /** The instruction text (instruction triggers). */
  text: string;
}

/** One model turn in flight; aborting it stops all further output for it. */
interface Generation {
  abort: AbortController;
  pendingCalls: Map<string, string>;
  toolsAnswered?: () => void;
  playbackEndsAt: number;
  outputAudioMs: number;
  outputChars: number;
  promptChars: number;
  promptAudioMs: number;
}

export interface LiveSessionContext {
  socket: WebSocket;
  record: SessionRecord;
  credentialAccepted: boolean;
  scenario: Scenario;
  options: ParsedEmulatorOptions;
  faults: EmulatorFaults;
  speech: SpeechCache;
  resumption: ResumptionStore;
  logger: Logger;
}

/** One client connection: protocol state, voice activity, and the scripted model's turns. */
export class LiveSession {
  readonly #ctx: LiveSessionContext;
  readonly #log: Logger;
  #setup: SetupMessage | undefined;
  #conversation = new Conversation();
  #vad: EnergyVad | undefined;
  #manualActivity = false;
  #inManualActivity = false;
  #quietTimer: NodeJS.Timeout | undefined;
  #queue: Trigger[] = [];
  #generation: Generation | undefined;
  #timers = new Set<NodeJS.Timeout>();
  #inbox: Promise<void> = Promise.resolve();
  #closing = false;
  #goAwaySent = false;
  #clientMessages = 0;
  #pendingPromptChars = 0;
  #pendingAudioBytes = 0;

  constructor(ctx: LiveSessionContext) {
    this.#ctx = ctx;
    this.#log = ctx.logger.child({ session: ctx.record.id });
    const { socket, record } = ctx;
    record.attachControls({ drop: () => this.#drop(), goAway: (ms) => this.#goAway(ms) });
    socket.on('message', (data: Buffer) => {
      this.#inbox = this.#inbox
        .then(() => this.#onMessage(data.toString('utf8')))
        .catch((error: unknown) => this.#fail(error));
    });
    socket.on('close', (code: number, reason: Buffer) => {
      const initiator = this.#closing ? 'server' : code === 1006 ? 'abnormal' : 'client';
      record.recordClose({ code, reason: reason.toString('utf8'), initiator });
      this.#log.info({ code, initiator }, 'connection closed');
      this.#stop();
    });
    socket.on('error', (error) => this.#log.warn({ err: error }, 'socket error'));
    if (!ctx.credentialAccepted) this.#closeWith(close.invalidArgument, reasons.invalidKey);
  }

  async #onMessage(raw: string): Promise<void> {
    if (this.#closing) return;
    let message: ClientMessage;
    try {
      message = parseClientMessage(raw);
    } catch (error) {
      if (!(error instanceof InvalidClientMessage)) throw error;
      this.#ctx.record.recordReceived({ invalid: raw.slice(0, 200) });
      this.#closeWith(close.invalidArgument, error.message);
      return;
    }
    this.#ctx.record.recordReceived(JSON.parse(raw) as Record<string, unknown>);
    this.#clientMessages += 1;
    if (message.kind === 'setup') return this.#onSetup(message.setup);
    if (!this.#setup) {
      this.#closeWith(close.invalidArgument, 'The first message must be setup.');
      return;
    }
    switch (message.kind) {
      case 'clientContent':
        return this.#onClientContent(message.clientContent);
      case 'realtimeInput':
        return this.#onRealtimeInput(message.realtimeInput);
      case 'toolResponse':
        return this.#onToolResponse(message.toolResponse);
      case 'contextUpdate': {
        const text = contentText(message.contextUpdate.systemInstruction);
        if (text) this.#conversation.systemInstructions.push(text);
        return;
      }
    }
  }

  async #onSetup(setup: SetupMessage): Promise<void> {
    const { record, options, faults } = this.#ctx;
    if (this.#setup) {
      this.#closeWith(close.invalidArgument, 'Setup must be sent only once, as the first message.');
      return;
    }
    const model = setup.model.replace(/^.*models\//, '');
    record.model = model;
    if (!options.models.includes(model)) {
      this.#closeWith(
        close.notFound,
        `models/${model} is not found for API version ${record.apiVersion}, or is not supported for bidiGenerateContent. Call ListModels to see the list of available models and their supported methods.`,
      );
      return;
    }
    if (faults.quotaExceeded) {
      this.#closeWith(close.internal, reasons.quota);
      return;
    }
    if (faults.dropOnSetup) {
      this.#drop();
      return;
    }
    const handle = setup.sessionResumption?.handle;
    if (handle) {
      const snapshot = this.#ctx.resumption.lookup(handle);
      if (!snapshot) {
        this.#closeWith(close.invalidArgument, reasons.badHandle);
        return;
      }
      this.#conversation = Conversation.restore(snapshot);
      record.resumedFromHandle = handle;
    }
    this.#setup = setup;
    const systemText = contentText(setup.systemInstruction);
    if (systemText) this.#conversation.systemInstructions.push(systemText);
    const detection = setup.realtimeInputConfig?.automaticActivityDetection;
    this.#manualActivity = detection?.disabled === true;
    this.#vad = new EnergyVad({
      sampleRate: inputSampleRate,
      silenceDurationMs: detection?.silenceDurationMs ?? defaultSilenceMs,
      minSpeechMs: detection?.startOfSpeechSensitivity === 'START_SENSITIVITY_LOW' ? 160 : 60,
      thresholdDbfs: -45,
    });
    await sleep(options.latency.setupMs + (faults.setupDelayMs ?? 0));
    if (this.#closing) return;
    this.#send(messages.setupComplete(record.api, randomUUID()));
    this.#log.info({ model, resumed: Boolean(handle) }, 'session set up');
    this.#sendResumptionUpdate();
    this.#scheduleLifetime();
  }

  #scheduleLifetime(): void {
    const { options, faults } = this.#ctx;
    const lead = Math.min(options.goAwayLeadMs, options.connectionLifetimeMs);
    this.#after(options.connectionLifetimeMs - lead, () => this.#goAway(lead));
    if (faults.goAwayAfterMs !== undefined) this.#after(faults.goAwayAfterMs, () => this.#goAway(lead));
    if (faults.dropAfterMs !== undefined) this.#after(faults.dropAfterMs, () => this.#drop());
  }

  #goAway(timeLeftMs: number): void {
    if (this.#closing || this.#goAwaySent) return;
    this.#goAwaySent = true;
    this.#send(messages.goAway(protoDuration(timeLeftMs)));
    this.#after(timeLeftMs, () => this.#closeWith(close.internal, reasons.deadline));
  }

  #onClientContent(content: ClientContentMessage): void {
    const texts: string[] = [];
    for (const turn of content.turns) {
      const text = contentText(turn);
      // LiveKit adds a "." user turn only to make the model reply; it carries no meaning.
      if (!text || text === '.') continue;
      texts.push(text);
      this.#conversation.instructions.push(text);
      this.#conversation.history.push({ role: turn.role === 'model' ? 'model' : 'user', text });
      this.#pendingPromptChars += text.length;
    }
    if (content.turnComplete) {
      // A completed client turn supersedes whatever the model is still saying.
      this.#interruptGeneration();
      this.#enqueue({ kind: 'instruction', text: texts.join('\n') });
    }
  }

  #onRealtimeInput(input: RealtimeInputMessage): void {
    const audio = [input.audio, ...(input.mediaChunks ?? [])].filter(
      (blob) => blob && (blob.mimeType === undefined || blob.mimeType.startsWith('audio/')),
    );
    for (const blob of audio) if (blob?.data) this.#onAudio(Buffer.from(blob.data, 'base64'));
    if (input.audioStreamEnd && !this.#manualActivity) this.#onVadEvents(this.#vad?.flush() ?? []);
    if (input.text) {
      this.#conversation.instructions.push(input.text);
      this.#conversation.history.push({ role: 'user', text: input.text });
      this.#pendingPromptChars += input.text.length;
      this.#enqueue({ kind: 'instruction', text: input.text });
    }
    if (input.activityStart || input.activityEnd) {
      if (!this.#manualActivity) {
        this.#closeWith(close.invalidArgument, reasons.explicitActivity);
        return;
      }
      if (input.activityStart && !this.#inManualActivity) {
        this.#inManualActivity = true;
        this.#onUserSpeechStart();
      }
      if (input.activityEnd && this.#inManualActivity) {
        this.#inManualActivity = false;
        this.#enqueue({ kind: 'speech', text: '' });
      }
    }
  }

  #onAudio(pcm: Buffer): void {
    if (this.#manualActivity) {
      if (this.#inManualActivity) this.#pendingAudioBytes += pcm.length;
      return;
    }
    const vad = this.#vad;
    if (!vad) return;
    if (vad.speaking) this.#pendingAudioBytes += pcm.length;
    this.#onVadEvents(vad.push(pcm));
    // A client that simply stops sending mid-speech still ends its turn once the wire has been quiet.
    clearTimeout(this.#quietTimer);
    if (vad.speaking) {
      const silence = this.#setup?.realtimeInputConfig?.automaticActivityDetection?.silenceDurationMs;
      this.#quietTimer = setTimeout(
        () => this.#onVadEvents(vad.flush()),
        (silence ?? defaultSilenceMs) + 300,
      );
    }
  }

  #onVadEvents(events: VadEvent[]): void {
    for (const event of events) {
      this.#ctx.record.recordUserSpeech(event === 'speechStart' ? 'start' : 'end');
      if (event === 'speechStart') this.#onUserSpeechStart();
      else {
        clearTimeout(this.#quietTimer);
        this.#enqueue({ kind: 'speech', text: '' });
      }
    }
  }

  /** Barge-in: user activity cancels the model's turn unless the client asked for NO_INTERRUPTION. */
  #onUserSpeechStart(): void {
    this.#log.debug('user speech started');
    if (this.#setup?.realtimeInputConfig?.activityHandling === 'NO_INTERRUPTION') return;
    this.#interruptGeneration();
  }

  #interruptGeneration(): void {
    const generation = this.#generation;
    if (!generation || generation.abort.signal.aborted) return;
    const pendingIds = [...generation.pendingCalls.keys()];
    generation.abort.abort(new Error('interrupted'));
    this.#generation = undefined;
    if (pendingIds.length > 0) this.#send(messages.toolCallCancellation(pendingIds));
    this.#send(messages.interrupted);
    this.#send(messages.turnComplete(this.#ctx.record.api, this.#usage(generation)));
    this.#log.info({ cancelledCalls: pendingIds.length }, 'model turn interrupted');
    this.#sendResumptionUpdate();
  }

  #onToolResponse(response: ToolResponseMessage): void {
    const generation = this.#generation;
    for (const functionResponse of response.functionResponses) {
      const id =
        functionResponse.id ??
        [...(generation?.pendingCalls ?? [])].find(([, name]) => name === functionResponse.name)?.[0];
      const name = id === undefined ? undefined : generation?.pendingCalls.get(id);
      if (!generation || id === undefined || name === undefined) {
        this.#log.warn(
          { id: functionResponse.id, name: functionResponse.name },
          'tool response for no pending call',
        );
        continue;
      }
      // NON_BLOCKING tools first answer with willContinue: true; only the final answer completes the call.
      if (functionResponse.willContinue === true) continue;
      this.#conversation.toolResponses.set(name, functionResponse.response ?? {});
      this.#conversation.history.push({
        role: 'user',
        text: JSON.stringify(functionResponse.response ?? {}),
      });
      generation.pendingCalls.delete(id);
    }
    if (generation && generation.pendingCalls.size === 0) generation.toolsAnswered?.();
  }

  #enqueue(trigger: Trigger): void {
    this.#queue.push(trigger);
    this.#pump();
  }

  #pump(): void {
    if (this.#generation || this.#closing) return;
    const trigger = this.#queue.shift();
    if (!trigger) return;
    void this.#runTurn(trigger).catch((error: unknown) => this.#fail(error));
  }

  #pickTurn(trigger: Trigger): { id: string; userTranscript?: string; steps: ScenarioStep[] } {
    const { scenario } = this.#ctx;
    const turn = scenario.turns[this.#conversation.cursor];
    const accepts =
      turn !== undefined &&
      (turn.on === 'any' || turn.on === trigger.kind) &&
      (turn.match === undefined ||
        trigger.kind !== 'instruction' ||
        new RegExp(turn.match, 'i').test(trigger.text));
    if (accepts) {
      this.#conversation.cursor += 1;
      return turn;
    }
    return { id: 'fallback', ...scenario.fallback };
  }

  async #runTurn(trigger: Trigger): Promise<void> {
    const generation: Generation = {
      abort: new AbortController(),
      pendingCalls: new Map(),
      playbackEndsAt: 0,
      outputAudioMs: 0,
      outputChars: 0,
      promptChars: this.#pendingPromptChars,
      promptAudioMs: (this.#pendingAudioBytes / 2 / inputSampleRate) * 1000,
    };
    this.#pendingPromptChars = 0;
    this.#pendingAudioBytes = 0;
    this.#generation = generation;
    const { signal } = generation.abort;
    const turn = this.#pickTurn(trigger);
    this.#log.info({ turn: turn.id, trigger: trigger.kind }, 'model turn started');
    try {
      if (trigger.kind === 'speech') {
        const transcript = withNoise(turn.userTranscript, this.#ctx.faults.transcriptNoise);
        if (transcript) {
          this.#conversation.history.push({ role: 'user', text: transcript });
          if (this.#setup?.inputAudioTranscription) {
            for (const piece of messages.splitWords(transcript, 3)) {
              if (piece) this.#sendFor(generation, messages.inputTranscription(piece));
            }
          }
        }
      }
      await sleep(this.#ctx.options.latency.firstResponseMs, signal);
      let contentSinceComplete = false;
      for (const step of turn.steps) {
        if ('say' in step) {
          await this.#say(generation, renderTemplate(step.say, this.#ctx.scenario, this.#conversation));
          contentSinceComplete = true;
        } else if (await this.#call(generation, step.call)) {
          contentSinceComplete = !this.#ctx.options.generationCompleteAfterToolCall;
        }
      }
      if (contentSinceComplete) this.#sendFor(generation, messages.generationComplete);
      // The service holds turnComplete until the client has had time to play the audio.
      await sleep(generation.playbackEndsAt - Date.now(), signal);
      this.#sendFor(generation, messages.turnComplete(this.#ctx.record.api, this.#usage(generation)));
      this.#generation = undefined;
      this.#log.info({ turn: turn.id }, 'model turn complete');
      this.#sendResumptionUpdate();
    } catch (error) {
      if (!signal.aborted) throw error;
    } finally {
      if (this.#generation === generation) this.#generation = undefined;
      this.#pump();
    }
  }

  async #say(generation: Generation, text: string): Promise<void> {
    const { record, options, speech } = this.#ctx;
    const { signal } = generation.abort;
    const setup = this.#setup;
    this.#conversation.history.push({ role: 'model', text });
    generation.outputChars += text.length;
    const modalities = setup?.generationConfig?.responseModalities ?? ['AUDIO'];
    if (!modalities.includes('AUDIO')) {
      for (const piece of messages.splitWords(text, 3)) {
        if (piece) this.#sendFor(generation, messages.textChunk(record.api, piece));
      }
      return;
    }
    const voice = setup?.generationConfig?.speechConfig?.voiceConfig?.prebuiltVoiceConfig?.voiceName;
    const pcm = await speech.speak(text, voice);
    if (signal.aborted) throw signal.reason;
    const { chunkMs, realtimeFactor } = options.latency;
    const chunkBytes = ((messages.outputSampleRate * chunkMs) / 1000) * 2;
    const chunkCount = Math.max(1, Math.ceil(pcm.length / chunkBytes));
    const transcriptPieces = messages.splitWords(text, chunkCount);
    const durationMs = (pcm.length / 2 / messages.outputSampleRate) * 1000;
    const start = Math.max(Date.now(), generation.playbackEndsAt);
    for (let index = 0; index < chunkCount; index++) {
      if (realtimeFactor > 0) await sleep(start + (index * chunkMs) / realtimeFactor - Date.now(), signal);
      this.#sendFor(
        generation,
        messages.audioChunk(record.api, pcm.subarray(index * chunkBytes, (index + 1) * chunkBytes)),
      );
      const piece = transcriptPieces[index];
      if (piece && setup?.outputAudioTranscription)
        this.#sendFor(generation, messages.outputTranscription(piece));
    }
    generation.outputAudioMs += durationMs;
    generation.playbackEndsAt = realtimeFactor > 0 ? start + durationMs / realtimeFactor : Date.now();
  }

  /** Makes the scripted function calls the client declared, then waits for all their responses. */
  async #call(
    generation: Generation,
    calls: { name: string; args: Record<string, unknown> }[],
  ): Promise<boolean> {
    const declared = new Set(
      (this.#setup?.tools ?? []).flatMap((tool) => (tool.functionDeclarations ?? []).map((fn) => fn.name)),
    );
    const functionCalls = calls
      .filter((call) => {
        if (declared.has(call.name)) return true;
        this.#log.warn(
          { function: call.name },
          'scenario calls a function the client did not declare; skipped',
        );
        return false;
      })
      .map((call) => ({
        id:
          this.#ctx.record.api === 'vertex'
            ? randomUUID()
            : `function-call-${randomInt(1e9, 1e10)}${randomInt(1e9, 1e10)}`,
        name: call.name,
        args: renderArgs(call.args, this.#ctx.scenario, this.#conversation),
      }));
    if (functionCalls.length === 0) return false;
    for (const call of functionCalls) {
      generation.pendingCalls.set(call.id, call.name);
      this.#conversation.history.push({ role: 'model', text: `${call.name}(${JSON.stringify(call.args)})` });
    }
    const answered = new Promise<void>((resolve) => {
      generation.toolsAnswered = resolve;
    });
    await sleep(generation.playbackEndsAt - Date.now(), generation.abort.signal);
    this.#sendFor(generation, messages.toolCall(functionCalls));
    if (this.#ctx.options.generationCompleteAfterToolCall)
      this.#sendFor(generation, messages.generationComplete);
    const { signal } = generation.abort;
    await Promise.race([
      answered,
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
      ),
    ]);
    await sleep(this.#ctx.options.latency.firstResponseMs, signal);
    return true;
  }

  #usage(generation: Generation): messages.Usage {
    const audio = this.#setup?.generationConfig?.responseModalities?.includes('AUDIO') ?? true;
    return {
      promptTextTokens: Math.ceil(generation.promptChars / 4),
      promptAudioTokens: Math.ceil((generation.promptAudioMs / 1000) * audioTokensPerSecond),
      responseTokens: audio
        ? Math.ceil((generation.outputAudioMs / 1000) * audioTokensPerSecond)
        : Math.ceil(generation.outputChars / 4),
      responseModality: audio ? 'AUDIO' : 'TEXT',
    };
  }

  #sendResumptionUpdate(): void {
    const config = this.#setup?.sessionResumption;
    if (!config || this.#closing) return;
    const handle = this.#ctx.resumption.issue(this.#conversation.snapshot());
    this.#send(
      messages.sessionResumptionUpdate(handle, config.transparent ? this.#clientMessages - 1 : undefined),
    );
  }

  #sendFor(generation: Generation, message: messages.ServerMessage): void {
    if (!generation.abort.signal.aborted) this.#send(message);
  }

  #send(message: messages.ServerMessage): void {
    const { socket, record } = this.#ctx;
    if (this.#closing || socket.readyState !== socket.OPEN) return;
    // The real service sends JSON in binary frames; the SDK accepts both.
    socket.send(JSON.stringify(message), { binary: true });
    record.recordSent(message);
  }

  #after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, ms);
    this.#timers.add(timer);
  }

  #closeWith(code: number, reason: string): void {
    if (this.#closing) return;
    this.#log.info({ code, reason }, 'closing connection');
    this.#closing = true;
    this.#stop();
    // A close frame carries at most 123 bytes of reason; the real service truncates long ones too.
    this.#ctx.socket.close(code, truncateUtf8(reason, 123));
  }

  #drop(): void {
    this.#log.info('dropping connection abnormally');
    this.#closing = true;
    this.#stop();
    this.#ctx.socket.terminate();
  }

  #fail(error: unknown): void {
    this.#log.error({ err: error }, 'session failed');
    this.#closeWith(close.internal, reasons.internal);
  }

  #stop(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    clearTimeout(this.#quietTimer);
    this.#generation?.abort.abort(new Error('session closed'));
    this.#generation = undefined;
    this.#queue = [];
  }

  /** Closes the connection as the server going away (emulator shutdown). */
  shutdown(): void {
    this.#closeWith(1001, 'Server shutting down.');
  }
}

function truncateUtf8(text: string, maxBytes: number): string {
  let result = text;
  while (Buffer.byteLength(result) > maxBytes) result = result.slice(0, -1);
  return result;
}

/** `text` with `noise` after its first word (the transcriptNoise fault). */
function withNoise(text: string | undefined, noise: string | undefined): string | undefined {
  if (!text || !noise) return text;
  const firstSpace = text.indexOf(' ');
  return firstSpace < 0 ? `${text}${noise}` : `${text.slice(0, firstSpace)}${noise}${text.slice(firstSpace)}`;
}
