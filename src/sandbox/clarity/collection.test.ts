import { describe, expect, it } from 'vitest';
import { Collection, StampClock } from './collection.ts';
import type { Category } from './model.ts';

describe('collection', () => {
  it('moves UpdatedDate strictly forward on a change, even within one millisecond, and not on a no-op', () => {
    const clock = new StampClock(() => Date.parse('2026-01-01T00:00:00.000Z'));
    const categories = new Collection<Category>('categories', clock);
    const created = categories.insert({ CustomKey: 'Home', Name: 'Home', ParentKey: null });
    expect(created).toMatchObject({ ID: 1, Active: true, UpdatedDate: '2026-01-01T00:00:00.000Z' });
    const renamed = categories.update(1, (d) => void (d.Name = 'Home & Garden'));
    expect(renamed.changed).toBe(true);
    expect(renamed.record.UpdatedDate).toBe('2026-01-01T00:00:00.001Z');
    const same = categories.update(1, (d) => void (d.Name = 'Home & Garden'));
    expect(same).toMatchObject({ changed: false, record: { UpdatedDate: '2026-01-01T00:00:00.001Z' } });
  });

  it('keeps CustomKey unique through inserts and key changes', () => {
    const categories = new Collection<Category>('categories', new StampClock());
    categories.insert({ CustomKey: 'A', Name: 'A', ParentKey: null });
    categories.insert({ CustomKey: 'B', Name: 'B', ParentKey: null });
    expect(() => categories.insert({ CustomKey: 'A', Name: 'again', ParentKey: null })).toThrow(/exists/);
    expect(() => categories.update(2, (d) => void (d.CustomKey = 'A'))).toThrow(/exists/);
    categories.update(2, (d) => void (d.CustomKey = 'C'));
    expect(categories.getByKey('C')?.ID).toBe(2);
    expect(categories.getByKey('B')).toBeUndefined();
  });
});
