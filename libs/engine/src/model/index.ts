/** The deployment compiler and the executable model it produces. */
export * from './types';
export { compileResources, DeploymentRejectedError } from './compile';
export { formatRejectionReason } from './problems';
export { MAX_RESOURCE_BYTES } from './xml-safety';
export { ELEMENT_TYPES, FEATURES, SUPPORTED_ZEEBE_EXTENSIONS } from './supported';
