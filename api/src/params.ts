// The shared parameter schemas live in the domain, where the editor and the OpenAPI document see them too.
export { ExecutionIdParams, NumericIdParams, QueryBoolean } from '@hookline/domain';
