/**
 * `capsim db backup FILE` (SQLite's online backup: safe while the server runs) and `capsim db export`
 * (every stored version as a JSON line). Restoring is copying a backup into place as CAPSIM_DB.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { DbPathError, openDb } from '../store/db.ts';
import { SqliteStore, versionJson } from '../store/store.ts';
import type { Io } from './io.ts';
import { writeAtomic } from './files.ts';

export class DbCommandError extends Error {}

const dbPath = (o: { db?: string }) => o.db ?? process.env.CAPSIM_DB ?? './data/capsim.db';

function openExisting(path: string) {
  if (!existsSync(path)) throw new DbCommandError(`no database at ${path} (set --db or CAPSIM_DB)`);
  try {
    return openDb(path);
  } catch (e) {
    throw new DbCommandError(e instanceof DbPathError ? e.message : `cannot open ${path}: ${(e as Error).message}`);
  }
}

export function addDbCommands(program: Command, io: Io): void {
  const db = program.command('db').description('back up or export the scenario store of the server');
  db.command('backup')
    .description('copy the database with SQLite\'s online backup (safe while the server runs)')
    .argument('<file>', 'the backup file to write')
    .option('--db <path>', 'the database (default: CAPSIM_DB or ./data/capsim.db)')
    .option('--force', 'overwrite the backup file')
    .addHelpText('after', '\nRestore by stopping the server and using the backup as CAPSIM_DB.\n\nExample:\n  capsim db backup backups/capsim-2026-11-24.db')
    .action(async (file: string, o: { db?: string; force?: boolean }) => {
      if (existsSync(file) && !o.force) throw new DbCommandError(`will not overwrite ${file} (use --force)`);
      const source = openExisting(dbPath(o));
      try {
        await source.backup(file);
      } finally {
        source.close();
      }
      io.stdout(`backed up ${dbPath(o)} to ${file}\n`);
    });
  db.command('export')
    .description('write every stored version as JSON lines (id, version, name, dates, model, scenario, results)')
    .option('--db <path>', 'the database (default: CAPSIM_DB or ./data/capsim.db)')
    .option('--out <file>', 'write to a file instead of standard output')
    .action((o: { db?: string; out?: string }) => {
      const source = openExisting(dbPath(o));
      let lines = '';
      try {
        for (const v of new SqliteStore(source).all()) lines += `{"deleted":${v.deleted},${versionJson(v).slice(1)}\n`;
      } finally {
        source.close();
      }
      if (o.out) writeAtomic(o.out, lines);
      else io.stdout(lines);
    });
}
