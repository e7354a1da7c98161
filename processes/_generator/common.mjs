/** Candidate groups of one role scoped to one organisation unit variable: `=["<role>:" + <unitVar>]`. */
export function group(role, unitVar) {
  return `=["${role}:" + ${unitVar}]`;
}

/** A due date `duration` after the task is created (ISO 8601 duration, e.g. PT24H). */
export function dueIn(duration) {
  return `=now() + duration("${duration}")`;
}
