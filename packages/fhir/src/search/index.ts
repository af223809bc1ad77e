/** FHIR R4 search: parameter registry, index extraction on write, and search request parsing. */
export * from './index-rows';
export {
  FULL_TEXT_CODES,
  SearchParameterRegistry,
  getDefaultSearchParameterRegistry,
  getSearchParameters,
  narrowExpression,
  type SearchParameterDefinition,
  type SearchParamType,
} from './search-parameters';
export {
  IndexExtractor,
  extractIndexRows,
  type CompiledComposite,
  type CompiledSearchParameter,
  type ExtractionPlan,
  type IndexExtractorOptions,
} from './extract';
export { compositeIndexCode, identifierIndexCode, ofTypeIndexCode } from './index-values';
export { FullTextExtractor, MAX_INDEXED_TEXT, narrativeText } from './full-text';
export { getPatientCompartment } from './compartments';
export { subsetResource, SUBSETTED, type SubsetRequest } from './subset';
export { dateRange, decimalRange, normaliseString, type DecimalRange, type InstantRange } from './search-values';
export type { TypedValue } from './fast-path';
export {
  parseSearchRequest,
  type ChainLink,
  type ParsedParameter,
  type ParsedReverseChain,
  type ParsedSearch,
  type ParseSearchOptions,
} from './parse';
export type { IncludeDirective, SearchResultControl, SortKey } from './parse-result';
export {
  SEARCH_PREFIXES,
  type CompositeSearchValue,
  type DateSearchValue,
  type FullTextSearchValue,
  type MissingSearchValue,
  type NumberSearchValue,
  type OfTypeSearchValue,
  type QuantitySearchValue,
  type ReferenceSearchValue,
  type SearchPrefix,
  type SearchValue,
  type SpecialSearchValue,
  type StringSearchValue,
  type TextSearchValue,
  type TokenSearchValue,
  type UriSearchValue,
} from './parse-values';
