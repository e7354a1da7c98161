/** The procedures of 红色物业建设规范: rules as pure functions, and the diagrams' contracts. */
export * from './assembly-rules';
export * from './branch-secretaries';
export * from './committee-registry';
export * from './committee-reports';
export * from './committee-rules';
export * from './notices';
export * from './owner-register';
export * from './party-organisation';
export * from './process-variables';
export * from './rating';
export * from './rectification';
export * from './rule-result';
export * from './service-quality';
export * from './star-rating';
export * from './task-types';
