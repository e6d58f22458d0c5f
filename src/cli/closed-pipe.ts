// A reader that stops early (`bridge jobs list | head`) closes the pipe the command writes to. That is the reader's
// choice, not a failure: exit quietly with code 0, as `ls | head` does, instead of dying on an EPIPE stack trace.
// What the command was doing is safe to cut short (the store is crash-safe; a running bridge's jobs are leased).

export function exitQuietlyWhenPipeCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      // Any other failure to write is as loud as it was without this listener.
      throw error;
    });
  }
}
