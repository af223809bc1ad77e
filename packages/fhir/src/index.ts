/** @openpractice/fhir — framework-free FHIR R4: definitions, validation, search, patch, outcomes. */
export * from './outcome';
export * from './types';
export * from './definitions';
export * from './search/index-rows';
export * from './search/index';
export * from './validation/index';
export * from './patch/index';
