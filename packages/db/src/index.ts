export type { AgentLeaseRepository } from './agent-lease.ts';
export type { Answer, AnswersRepository, NewAnswer } from './answers-repository.ts';
export { isPermanentWriteError } from './classify-error.ts';
export { createDatabase, type Database, type DatabaseOptions } from './database.ts';
export {
  DatabaseError,
  DatabaseQueryError,
  DatabaseUnavailableError,
  RoomNameTakenError,
  UnfinishedSessionExistsError,
} from './errors.ts';
export type { FailedWrite, FailedWritesRepository, SetAsideInput } from './failed-writes-repository.ts';
export type { InterviewSession, JsonObject } from './interview-session-row.ts';
export type {
  CreateInterviewInput,
  FencedStateWrite,
  InterviewsRepository,
  StateFence,
  UpdateInterviewStateInput,
} from './interviews-repository.ts';
export { type MigrateResult, migrate } from './migrate.ts';
export type { AnswerRecording, NewAnswerRecording, RecordingsRepository } from './recordings-repository.ts';
export type { AppendTurnInput, TranscriptRepository, TranscriptTurn } from './transcript-repository.ts';
export type { UpsertUserInput, User, UserProfile, UsersRepository } from './users-repository.ts';
export type { WebhookEventInput, WebhookEventsRepository } from './webhook-events-repository.ts';
