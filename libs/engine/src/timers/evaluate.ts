/**
 * A model timer (`TimerDefinition`, static or FEEL) evaluated against variables and parsed.
 * FEEL may yield a string in the static format or a temporal value: a duration for
 * `timeDuration`, a date-time for `timeDate` (Zeebe's documented convention).
 */
import { FeelDateTime, FeelDuration } from 'feelin';
import { evaluateRaw, resultType, type Variables } from '../feel/evaluate';
import type { TimerDefinition } from '../model/types';
import { parseTimer, timerFailure, type TimerParseResult } from './timer';

/** feelin prints zoned date-times as `…@Asia/Shanghai`; Zeebe's format is `…[Asia/Shanghai]`; a local one is read as UTC. */
function dateTimeText(value: FeelDateTime): string {
  const text = value.toString();
  const at = text.indexOf('@');
  if (at !== -1) return `${text.slice(0, at)}[${text.slice(at + 1)}]`;
  return /(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`;
}

/**
 * Evaluates and parses a timer. Failures carry Zeebe's wording, wrapped as
 * "Invalid timer <kind> expression (…)", ready to become an incident or a deployment problem.
 */
export function evaluateTimer(definition: TimerDefinition, context: Variables): TimerParseResult {
  const { kind, value } = definition;
  if (!value.feel) {
    const parsed = parseTimer(kind, value.value);
    return parsed.ok ? parsed : { ok: false, reason: timerFailure(kind, parsed.reason) };
  }
  const raw = evaluateRaw(value.expression, context);
  if (!raw.ok) return { ok: false, reason: timerFailure(kind, raw.reason) };
  let text: string | undefined;
  if (typeof raw.value === 'string') text = raw.value;
  else if (kind === 'duration' && raw.value instanceof FeelDuration) text = raw.value.toString();
  else if (kind === 'date' && raw.value instanceof FeelDateTime) text = dateTimeText(raw.value);
  if (text === undefined) {
    const expected =
      kind === 'duration' ? "one of '[DURATION, PERIOD, STRING]'" : kind === 'date' ? "one of '[DATE_TIME, STRING]'" : "'STRING'";
    let reason = `Expected result of the expression '${value.expression}' to be ${expected}, but was '${resultType(raw.value)}'.`;
    if (raw.warnings.length > 0) {
      reason += ` The evaluation reported the following warnings:\n${raw.warnings.map((w) => `[${w.type}] ${w.message}`).join('\n')}`;
    }
    return { ok: false, reason: timerFailure(kind, reason) };
  }
  const parsed = parseTimer(kind, text, value.expression);
  return parsed.ok ? parsed : { ok: false, reason: timerFailure(kind, parsed.reason) };
}
