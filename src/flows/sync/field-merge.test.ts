// The three-way merge, field by field: what to write, what the target keeps, and which changes are conflicts.
import { describe, expect, it } from 'vitest';
import { planMerge, sameValue, type MergeInput } from './field-merge.ts';
import type { Owner, Ownership } from '../ownership.ts';

const owners: Record<string, Owner> = { price: 'odoo', description: 'clarity' };
const ownership: Ownership = { owner: (g) => (g ? (owners[g] ?? 'both') : 'both'), skipGroupsWriting: () => [] };
const groups: Record<string, string> = { Price: 'price', Description: 'description' };

const merge = (over: Partial<MergeInput>) =>
  planMerge({
    mapped: {},
    current: {},
    snapshot: undefined,
    source: 'odoo',
    ownership,
    groupOf: (f) => groups[f],
    sourceStamp: '2026-11-25 10:00:00',
    targetStamp: '2026-11-25T09:00:00Z',
    ...over,
  });

describe('planMerge', () => {
  it.each([
    [
      'the target already has the value: nothing to write (an echo)',
      { mapped: { Name: 'A' }, current: { Name: 'A' }, snapshot: { Name: 'A' } },
      {},
      [],
    ],
    [
      'the source changed, the target did not: write',
      { mapped: { Name: 'B' }, current: { Name: 'A' }, snapshot: { Name: 'A' } },
      { Name: 'B' },
      [],
    ],
    [
      'the target changed, the source did not: the target keeps its change',
      { mapped: { Name: 'A' }, current: { Name: 'C' }, snapshot: { Name: 'A' } },
      {},
      ['Name'],
    ],
    [
      'a field the source owns is corrected back',
      { mapped: { Price: 10 }, current: { Price: 1 }, snapshot: { Price: 10 } },
      { Price: 10 },
      [],
    ],
    [
      'a field the target owns is never overwritten',
      { mapped: { Description: 'x' }, current: { Description: 'y' }, snapshot: { Description: 'z' } },
      {},
      ['Description'],
    ],
    [
      'nothing known about the field and the target has none: the source fills it',
      { mapped: { Name: 'B', Weight: 2 }, current: { Name: '', Weight: null } },
      { Name: 'B', Weight: 2 },
      [],
    ],
    [
      "nothing known about a field nobody owns: the target's value is its own and kept",
      { mapped: { Name: 'B', Weight: 2 }, current: { Name: 'A', Weight: 1.5 }, snapshot: { Price: 10 } },
      {},
      ['Name', 'Weight'],
    ],
    [
      "Odoo's false is no value, except in a boolean field",
      { mapped: { parent_id: 7, active: true }, current: { parent_id: false, active: false } },
      { parent_id: 7 },
      ['active'],
    ],
    [
      "a value the flow merged with the target's own (an address book) is written even when the bridge never wrote it",
      { mapped: { Addresses: ['home', 'office'] }, current: { Addresses: ['home'] }, merged: ['Addresses'] },
      { Addresses: ['home', 'office'] },
      [],
    ],
    [
      'a field the source owns is written even when the bridge never wrote it',
      { mapped: { Price: 10 }, current: { Price: 12 } },
      { Price: 10 },
      [],
    ],
  ] as const)('%s', (_title, input, changes, kept) => {
    const plan = merge(input as Partial<MergeInput>);
    expect(plan.changes).toEqual(changes);
    expect(plan.kept).toEqual(kept);
    expect(plan.conflicts).toEqual([]);
  });

  it('settles a field both sides changed by the later change, and reports it', () => {
    const laterSource = merge({ mapped: { Name: 'B' }, current: { Name: 'C' }, snapshot: { Name: 'A' } });
    expect(laterSource.changes).toEqual({ Name: 'B' });
    expect(laterSource.conflicts).toEqual([
      { field: 'Name', source: 'B', target: 'C', lastWritten: 'A', winner: 'odoo' },
    ]);
    const laterTarget = merge({
      mapped: { Name: 'B' },
      current: { Name: 'C' },
      snapshot: { Name: 'A' },
      targetStamp: '2026-11-25T11:00:00Z',
    });
    expect(laterTarget.changes).toEqual({});
    expect(laterTarget.conflicts[0]!.winner).toBe('clarity');
    // the source's value is the base now: the next run sees no change of it and keeps the target's
    expect(laterTarget.snapshot).toEqual({ Name: 'B' });
    const next = merge({ mapped: { Name: 'B' }, current: { Name: 'C' }, snapshot: laterTarget.snapshot });
    expect(next.changes).toEqual({});
    expect(next.conflicts).toEqual([]);
  });

  it("keeps the target's own value run after run, and a later change of the source follows the later-wins rule", () => {
    const first = merge({ mapped: { Name: 'Odoo name' }, current: { Name: 'Store name' } });
    expect(first.changes).toEqual({});
    const again = merge({ mapped: { Name: 'Odoo name' }, current: { Name: 'Store name' }, snapshot: first.snapshot });
    expect(again.changes).toEqual({});
    expect(again.conflicts).toEqual([]);
    // Odoo renames it later than the store's name was set: the later change wins, and the conflict is reported
    const renamed = merge({
      mapped: { Name: 'New Odoo name' },
      current: { Name: 'Store name' },
      snapshot: again.snapshot,
    });
    expect(renamed.changes).toEqual({ Name: 'New Odoo name' });
    expect(renamed.conflicts).toMatchObject([{ field: 'Name', winner: 'odoo' }]);
    // the store's name set later than Odoo's rename: the store's stays
    const storeLater = merge({
      mapped: { Name: 'New Odoo name' },
      current: { Name: 'Store name' },
      snapshot: again.snapshot,
      targetStamp: '2026-11-25T11:00:00Z',
    });
    expect(storeLater.changes).toEqual({});
    expect(storeLater.conflicts).toMatchObject([{ field: 'Name', winner: 'clarity' }]);
  });

  it("treats Odoo's empty values and many2one pairs like their plain equivalents", () => {
    expect(sameValue(false, null)).toBe(true);
    expect(sameValue('', undefined)).toBe(true);
    expect(sameValue([7, 'Azure Interior'], 7)).toBe(true);
    expect(sameValue({ a: [], b: 1 }, { b: 1 })).toBe(true);
    expect(sameValue(1.1 + 2.2, 3.3)).toBe(true);
    expect(sameValue('a', 'b')).toBe(false);
  });
});
