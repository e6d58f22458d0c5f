// A one-line progress bar for a sync on a terminal: bar, counts, rate and time left, redrawn in place.
import type { SyncProgress } from './sync-types.ts';

const WIDTH = 28;
const n = (value: number) => value.toLocaleString('en-US');

export function progressLine(p: SyncProgress): string {
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(fraction * WIDTH);
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.done / seconds : 0;
  const left = rate > 0 && p.total > p.done ? Math.ceil((p.total - p.done) / rate) : 0;
  const { created, updated, unchanged, skipped, failed } = p.counts;
  return (
    `${p.kind} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${n(p.done)}/${n(p.total)} ${Math.floor(fraction * 100)}% ` +
    `${n(Math.round(rate))}/s${left ? ` ~${left}s left` : ''} · created ${n(created)} updated ${n(updated)} unchanged ${n(unchanged)}` +
    `${skipped ? ` skipped ${n(skipped)}` : ''}${failed ? ` failed ${n(failed)}` : ''}`
  );
}

/** Draws progress on a terminal stream (at most every 100 ms); `done()` ends the line. */
export function progressBar(stream: NodeJS.WriteStream): { update(p: SyncProgress): void; done(): void } {
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.done < p.total) return;
      last = now;
      shown = true;
      stream.write(`\r${progressLine(p).slice(0, (stream.columns || 160) - 1)}\x1b[K`);
    },
    done() {
      if (shown) stream.write('\n');
    },
  };
}
