/**
 * Engine part 2's event definitions → model parts, validated as Zeebe's
 * `TimerEventDefinitionValidator`, `TimerCatchEventExpressionValidator`,
 * `MessageEventDefinitionValidator`, `MessageValidator`, `SignalEventDefinitionValidator`
 * and `SignalValidator` do. Message and signal problems are reported on the
 * `bpmn:message` / `bpmn:signal` element, as Zeebe does.
 */
import { evaluateString } from '../feel/evaluate';
import { evaluateTimer } from '../timers/evaluate';
import { parseTimer, timerFailure, type TimerKind } from '../timers/timer';
import { checkExpr } from './expressions';
import { child, children, extensions, idOf, str, type ModdleElement } from './moddle';
import type { ProblemSink } from './problems';
import type { EventDefinition, Expr, MessageDefinition, TimerDefinition } from './types';

/** Where an event sits; decides which rules apply (e.g. start-event expressions are evaluated at deployment). */
export type EventPlace = 'processStart' | 'eventSubProcessStart' | 'intermediateCatch' | 'boundary';

const TIMER_ELEMENTS: readonly [TimerKind, string][] = [
  ['duration', 'timeDuration'],
  ['date', 'timeDate'],
  ['cycle', 'timeCycle'],
];

function definitionOf(el: ModdleElement): ModdleElement | undefined {
  return children(el, 'eventDefinitions')[0];
}

/**
 * `bpmn:timerEventDefinition`: exactly one of duration/date/cycle; static values must parse;
 * FEEL must parse, and for a process's timer start event it is evaluated now (Zeebe does
 * so at deployment, without variables).
 */
export function compileTimer(
  sink: ProblemSink,
  id: string,
  el: ModdleElement,
  place: EventPlace,
  interrupting: boolean,
): EventDefinition | undefined {
  const definition = definitionOf(el);
  if (definition === undefined) return undefined;
  const present = TIMER_ELEMENTS.map(([kind, key]) => [kind, child(definition, key)] as const).filter(([, e]) => e !== undefined);
  if (present.length !== 1) {
    sink.add(id, 'Must be exactly one type of timer: timeDuration, timeDate or timeCycle');
    return undefined;
  }
  const [[kind, valueElement]] = present as [[TimerKind, ModdleElement]];
  if (place === 'intermediateCatch' && kind === 'cycle') {
    sink.add(id, 'Intermediate timer catch event must have either a time duration or a time date.');
  }
  if ((place === 'boundary' || place === 'eventSubProcessStart') && interrupting && kind === 'cycle') {
    sink.add(id, 'Interrupting timer event with time cycle is not allowed.');
  }
  const before = sink.problems.length;
  const value = checkExpr(sink, id, (str(valueElement, 'body') ?? '').trim(), { mandatory: true });
  if (value === undefined) return undefined;
  const timer: TimerDefinition = { kind, value };
  if (!value.feel) {
    const parsed = parseTimer(kind, value.value);
    if (!parsed.ok) sink.add(id, timerFailure(kind, parsed.reason));
  } else if (place === 'processStart' && sink.problems.length === before) {
    const evaluated = evaluateTimer(timer, {});
    if (!evaluated.ok) sink.add(id, evaluated.reason);
  }
  return { kind: 'timer', timer };
}

function nameExpr(sink: ProblemSink, referenceId: string, name: string | undefined, evaluateNow: boolean): Expr | undefined {
  if (name === undefined || name === '') {
    sink.add(referenceId, 'Name must be present and not empty');
    return undefined;
  }
  const expr = checkExpr(sink, referenceId, name, { mandatory: true });
  if (expr?.feel === true && evaluateNow) {
    // Start events subscribe at deployment, before any variable exists: Zeebe evaluates the name then.
    const evaluated = evaluateString(expr, {});
    if (!evaluated.ok) sink.add(referenceId, evaluated.reason);
  }
  return expr;
}

/**
 * A `bpmn:message` referenced by `eventId` (an event or a receive task). Every reference
 * except a process's message start event needs `zeebe:subscription` with a correlation key.
 */
export function compileMessageRef(
  sink: ProblemSink,
  eventId: string,
  message: ModdleElement | undefined,
  place: EventPlace | 'receiveTask',
): MessageDefinition | undefined {
  if (message === undefined) {
    sink.add(eventId, 'Must reference a message');
    return undefined;
  }
  const messageId = idOf(message) ?? eventId;
  const name = nameExpr(sink, messageId, str(message, 'name'), place === 'processStart');
  if (place === 'processStart') return name === undefined ? undefined : { name };
  const subscriptions = extensions(message, 'zeebe:Subscription');
  if (subscriptions.length !== 1) {
    sink.add(messageId, 'Must have exactly one zeebe:subscription extension element');
    return undefined;
  }
  const [subscription] = subscriptions as [ModdleElement];
  const rawKey = str(subscription, 'correlationKey');
  if (rawKey === undefined || rawKey.trim() === '') {
    sink.add(messageId, "Attribute 'correlationKey' must be present and not empty");
    return undefined;
  }
  const correlationKey = checkExpr(sink, messageId, rawKey, { mandatory: true });
  return name === undefined || correlationKey === undefined ? undefined : { name, correlationKey };
}

export function compileMessageEvent(sink: ProblemSink, id: string, el: ModdleElement, place: EventPlace): EventDefinition | undefined {
  const definition = definitionOf(el);
  if (definition === undefined) return undefined;
  const message = compileMessageRef(sink, id, child(definition, 'messageRef'), place);
  return message === undefined ? undefined : { kind: 'message', message };
}

export function compileSignalEvent(sink: ProblemSink, id: string, el: ModdleElement, place: EventPlace): EventDefinition | undefined {
  const definition = definitionOf(el);
  const signal = definition === undefined ? undefined : child(definition, 'signalRef');
  if (signal === undefined) {
    sink.add(id, 'Must reference a signal');
    return undefined;
  }
  const signalName = nameExpr(sink, idOf(signal) ?? id, str(signal, 'name'), place === 'processStart');
  return signalName === undefined ? undefined : { kind: 'signal', signalName };
}

/** The name a message/signal event is matched by at deployment (static names only), for duplicate checks. */
export function staticEventName(
  event: EventDefinition | undefined,
): { readonly kind: 'message' | 'signal'; readonly name: string } | undefined {
  if (event?.kind === 'message' && !event.message.name.feel) return { kind: 'message', name: event.message.name.value };
  if (event?.kind === 'signal' && !event.signalName.feel) return { kind: 'signal', name: event.signalName.value };
  return undefined;
}
