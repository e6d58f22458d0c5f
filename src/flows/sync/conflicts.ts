// A field both sides changed since the bridge last wrote it is settled by the later change (field-merge.ts) and
// shown to an operator: an open alert of kind `conflict` per record (the dashboard and `bridge alerts` list them),
// and a note in the job's trace with the values of both sides.
import type { Repos } from '../../store/index.ts';
import type { FieldConflict } from './field-merge.ts';

export async function recordConflicts(
  repos: Repos,
  input: {
    integrationId: string;
    entity: string;
    key: string;
    direction: string;
    conflicts: readonly FieldConflict[];
    note?: (name: string, detail: { response?: unknown; note?: string }) => void;
  },
  now = Date.now(),
): Promise<void> {
  if (!input.conflicts.length) return;
  const fields = input.conflicts.map((c) => `${c.field} (${c.winner} kept)`).join(', ');
  const message = `${input.entity} ${input.key}: both sides changed ${fields}; the later change won`;
  input.note?.('conflict', { response: input.conflicts, note: message });
  await repos.alerts.raise(
    {
      integrationId: input.integrationId,
      kind: 'conflict',
      message,
      details: { entity: input.entity, key: input.key, direction: input.direction, conflicts: input.conflicts },
    },
    now,
  );
}
