// Where a poller keeps its cursors (the store's checkpoints table in production, a map in tests).

export interface CheckpointPort {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}
