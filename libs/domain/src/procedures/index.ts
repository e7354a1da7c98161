/** The procedures of 红色物业建设规范: rules as pure functions, and the diagrams' contracts. */
export * from './assembly-rules';
export * from './committee-rules';
export * from './party-organisation';
export * from './process-variables';
export * from './rating';
export * from './rule-result';
export * from './task-types';
