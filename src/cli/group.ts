// Subcommand groups (`bridge jobs ...`, `bridge sandbox ...`) shared by several command files.
import { Command } from 'commander';

/** The group command `name` under `program`, created on first use. */
export function group(program: Command, name: string, description: string): Command {
  const existing = program.commands.find((c) => c.name() === name);
  if (existing) return existing;
  return program.command(name).description(description);
}
