export type { AgentLeaseRepository } from './agent-lease.ts';
export type { Answer, AnswersRepository, RecordAnswerInput } from './answers-repository.ts';
export { createDatabase, type Database, type DatabaseOptions } from './database.ts';
export {
  DatabaseError,
  DatabaseQueryError,
  DatabaseUnavailableError,
  RoomNameTakenError,
  UnfinishedSessionExistsError,
} from './errors.ts';
export {
  type InterviewSession,
  type InterviewStatus,
  interviewStatuses,
  type JsonObject,
} from './interview-session-row.ts';
export type {
  CreateInterviewInput,
  InterviewsRepository,
  UpdateInterviewStateInput,
} from './interviews-repository.ts';
export { type MigrateResult, migrate } from './migrate.ts';
export type { AppendTurnInput, TranscriptRepository, TranscriptTurn } from './transcript-repository.ts';
export type { UpsertUserInput, User, UserProfile, UsersRepository } from './users-repository.ts';
