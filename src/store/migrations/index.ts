// The ordered list of migrations. Each one is SQL for both engines; `types` holds the few words that differ.
import { m0001Initial } from './0001-initial.ts';
import { m0002Priorities } from './0002-priorities.ts';

export interface SqlTypes {
  /** An auto-increment integer primary key. */
  id: string;
  /** A 64-bit integer (epoch milliseconds, ids). */
  bigint: string;
}

export interface Migration {
  name: string;
  statements(types: SqlTypes): string[];
}

export const migrations: Migration[] = [m0001Initial, m0002Priorities];
