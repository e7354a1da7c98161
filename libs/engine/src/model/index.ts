/** The deployment compiler and the executable model it produces. */
export * from './types';
export { compileResources, DeploymentRejectedError } from './compile';
export { formatRejectionReason } from './problems';
export { MAX_RESOURCE_BYTES } from './xml-safety';
export {
  ALL_FEATURES,
  ELEMENT_TYPES,
  ENGINE_FEATURES,
  FEATURES,
  PART2_FEATURES,
  SUPPORTED_ZEEBE_EXTENSIONS,
  type CompileOptions,
  type EngineFeature,
} from './supported';
