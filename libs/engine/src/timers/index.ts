/** Timers: ISO 8601 durations, date-times, repeating intervals and cron, with pure due-date computation. */
export {
  parseTimer,
  nextDueDate,
  nextCycleDueDate,
  totalFirings,
  timerFailure,
  INFINITE,
  type ParsedTimer,
  type TimerKind,
  type TimerParseResult,
  type DueDateOptions,
} from './timer';
export { evaluateTimer } from './evaluate';
export { parseDuration, parseDateTime, addDuration, type IsoDuration, type IsoDateTime } from './iso8601';
export { parseCron, nextCronTime, type CronSchedule, type CronParseResult } from './cron';
export { isValidZone } from './zone';
