import { describe, expect, it } from 'vitest';
import type { BaseRecord } from './model.ts';
import { paginate, readPageRequest } from './paging.ts';

const record = (ID: number, UpdatedDate: string): BaseRecord => ({
  ID,
  CustomKey: `K${ID}`,
  Active: true,
  CreatedDate: UpdatedDate,
  UpdatedDate,
});

describe('paging', () => {
  const records = [
    record(3, '2026-01-01T00:00:02.000Z'),
    record(1, '2026-01-01T00:00:02.000Z'),
    record(2, '2026-01-01T00:00:01.000Z'),
    record(4, '2026-01-01T00:00:03.000Z'),
  ];

  it('sorts by UpdatedDate, then ID, and cuts pages in the PagedResultsBase shape', () => {
    const page1 = paginate(records, readPageRequest(new URLSearchParams('pageSize=3')));
    expect(page1.Results.map((r) => r.ID)).toEqual([2, 1, 3]);
    expect(page1).toMatchObject({ TotalCount: 4, TotalPages: 2, CurrentPage: 1 });
    const page2 = paginate(records, readPageRequest(new URLSearchParams('pageSize=3&page=2')));
    expect(page2.Results.map((r) => r.ID)).toEqual([4]);
    expect(paginate([], readPageRequest(new URLSearchParams()))).toEqual({
      Results: [],
      TotalCount: 0,
      TotalPages: 0,
      CurrentPage: 1,
    });
  });

  it('includes records changed exactly at modifiedSince, whatever offset it is written with', () => {
    const since = paginate(
      records,
      readPageRequest(new URLSearchParams({ modifiedSince: '2026-01-01T01:00:02+01:00' })),
    );
    expect(since.Results.map((r) => r.ID)).toEqual([1, 3, 4]);
  });

  it('refuses bad parameters with every problem named', () => {
    try {
      readPageRequest(new URLSearchParams('page=-1&pageSize=501&modifiedSince=2026-01-01'));
      expect.unreachable();
    } catch (error) {
      expect(Object.keys((error as { errors: object }).errors).sort()).toEqual(['modifiedSince', 'page', 'pageSize']);
    }
  });
});
