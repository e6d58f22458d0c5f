// Helpers every resource uses: id lookups answering 404, 409 for a taken CustomKey, list answers, 201 answers.
import type { BaseRecord } from '../model.ts';
import { conflict, notFound } from '../problem.ts';
import { paginate, readPageRequest } from '../paging.ts';
import type { ApiRequest, ApiResponse } from '../router.ts';
import { requireObject, type FieldChecker, type Json } from '../validation.ts';

/** The numeric `:id` of the path, or 404 (an id that is not a number cannot exist). */
export function idParam(request: ApiRequest, what: string): number {
  const raw = request.params.id ?? '';
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id))
    throw notFound(`no ${what} with ID ${raw}; IDs are whole numbers`);
  return id;
}

export function found<T>(record: T | undefined, detail: string): T {
  if (record === undefined) throw notFound(detail);
  return record;
}

/** 409 when a POST's CustomKey is taken, telling where the existing record is. */
export function requireFreeKey(taken: boolean, what: string, key: string, fetchPath: string): void {
  if (taken)
    throw conflict(`a ${what} with CustomKey ${JSON.stringify(key)} already exists; fetch it with GET ${fetchPath}`);
}

export function listAnswer<T extends BaseRecord>(request: ApiRequest, records: T[]): ApiResponse {
  return { status: 200, body: paginate(records, readPageRequest(request.query)) };
}

export function createdAnswer(record: unknown, location: string): ApiResponse {
  return { status: 201, body: record, headers: { location } };
}

export function bodyObject(request: ApiRequest, what: string): Json {
  return requireObject(request.body, what);
}

/** Record fields the API sets itself; sending them is harmless, so they are skipped rather than refused. */
export const SERVER_FIELDS = ['ID', 'CreatedDate', 'UpdatedDate'] as const;

/** Refuses fields the resource does not have. */
export function knownFieldsOnly(check: FieldChecker, body: Json, fields: readonly string[]): void {
  check.onlyFields(body, [...fields, ...SERVER_FIELDS]);
}

/** A CustomKey: trimmed text without control characters. */
export function checkCustomKey(
  check: FieldChecker,
  body: Json,
  required: boolean,
  maxLength = 128,
): string | undefined {
  const value = required
    ? check.requiredString(body, 'CustomKey', maxLength)
    : check.optionalString(body, 'CustomKey', maxLength);
  if (value === null) {
    check.add('CustomKey', 'cannot be null');
    return undefined;
  }
  if (value !== undefined && (value.trim() !== value || /[\u0000-\u001f]/.test(value))) {
    check.add('CustomKey', 'must not start or end with spaces or contain control characters');
    return undefined;
  }
  return value;
}
