// List paging shared by every collection: `page`, `pageSize` (≤ 500), `modifiedSince` (inclusive), sorted by
// UpdatedDate then ID, answered in CEF's PagedResultsBase shape.
import type { BaseRecord } from './model.ts';
import { unprocessable, type FieldErrors } from './problem.ts';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 100;

export interface PagedResults<T> {
  Results: T[];
  TotalCount: number;
  TotalPages: number;
  CurrentPage: number;
}

export interface PageRequest {
  page: number;
  pageSize: number;
  modifiedSince: string | undefined;
}

function positiveInteger(
  raw: string | null,
  fallback: number,
  field: string,
  errors: FieldErrors,
  max?: number,
): number {
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || (max !== undefined && value > max)) {
    errors[field] = [
      `must be a whole number from 1${max === undefined ? '' : ` to ${max}`}; got ${JSON.stringify(raw)}`,
    ];
    return fallback;
  }
  return value;
}

/** Reads the paging parameters, refusing bad ones with 422. */
export function readPageRequest(query: URLSearchParams): PageRequest {
  const errors: FieldErrors = {};
  const page = positiveInteger(query.get('page'), 1, 'page', errors);
  const pageSize = positiveInteger(query.get('pageSize'), DEFAULT_PAGE_SIZE, 'pageSize', errors, MAX_PAGE_SIZE);
  let modifiedSince: string | undefined;
  const raw = query.get('modifiedSince');
  if (raw !== null && raw !== '') {
    // Only full date-times: a bare date or free text would silently select the wrong window.
    const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(raw) ? Date.parse(raw) : NaN;
    if (Number.isNaN(ms))
      errors.modifiedSince = [`must be an ISO-8601 date-time such as 2026-01-31T12:00:00Z; got ${JSON.stringify(raw)}`];
    else modifiedSince = new Date(ms).toISOString();
  }
  if (Object.keys(errors).length) throw unprocessable('paging parameters are not valid', errors);
  return { page, pageSize, modifiedSince };
}

/** Filters by modifiedSince, sorts and cuts one page; `view` shapes each record as the API shows it. */
export function paginate<T extends BaseRecord, V = T>(
  records: T[],
  request: PageRequest,
  view: (record: T) => V = (r) => r as unknown as V,
): PagedResults<V> {
  const since = request.modifiedSince;
  const selected = (since === undefined ? records : records.filter((r) => r.UpdatedDate >= since)).sort((a, b) =>
    a.UpdatedDate < b.UpdatedDate ? -1 : a.UpdatedDate > b.UpdatedDate ? 1 : a.ID - b.ID,
  );
  const start = (request.page - 1) * request.pageSize;
  return {
    Results: selected.slice(start, start + request.pageSize).map(view),
    TotalCount: selected.length,
    TotalPages: Math.ceil(selected.length / request.pageSize),
    CurrentPage: request.page,
  };
}
