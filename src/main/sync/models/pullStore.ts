/**
 * The catalog's record of pulled model versions and of where the server's aliases pointed (migration 011),
 * and the lineage `udw models --json` shows for each local model that came from a server.
 */
import type { CatalogDb } from '../../db/openCatalog';

export interface PulledVersionRow {
  server: string;
  name: string;
  version: string;
  file: string;
  main: number;
  model_id: string;
  run_id: string | null;
  source: string;
  sha256: string;
  pulled_at: string;
}

export interface AliasRow {
  server: string;
  name: string;
  alias: string;
  version: string;
  previous_version: string | null;
  moved_at: string | null;
  checked_at: string;
}

/** Where a local model came from, as `udw models --json` prints it under `remote`. */
export interface RemoteLineage {
  server: string;
  name: string;
  version: string;
  /** The MLflow run the version was made from. */
  runId: string | null;
  source: string;
  file: string;
  sha256: string;
  pulledAt: string;
  /** Aliases that pointed at this version when last pulled. */
  aliases: string[];
  /** Aliases that moved to or away from this version, as last seen: from version X to Y. */
  aliasMoves: Array<{ alias: string; from: string | null; to: string; at: string | null }>;
}

export class PullStore {
  public constructor(private readonly db: CatalogDb) {}

  /** The main file of a pulled version, or null when it was never pulled. */
  public version(server: string, name: string, version: string): PulledVersionRow | null {
    return (this.db.prepare('SELECT * FROM remote_model_versions WHERE server = ? AND name = ? AND version = ? AND main = 1').get(server, name, version) as PulledVersionRow | undefined) ?? null;
  }

  public alias(server: string, name: string, alias: string): AliasRow | null {
    return (this.db.prepare('SELECT * FROM remote_model_aliases WHERE server = ? AND name = ? AND alias = ?').get(server, name, alias) as AliasRow | undefined) ?? null;
  }

  /** Records a pulled version's files (replacing an earlier pull of the same version, e.g. after its model was removed). */
  public recordVersion(rows: PulledVersionRow[]): void {
    const put = this.db.prepare(
      `INSERT INTO remote_model_versions (server, name, version, file, main, model_id, run_id, source, sha256, pulled_at)
       VALUES (@server, @name, @version, @file, @main, @model_id, @run_id, @source, @sha256, @pulled_at)
       ON CONFLICT (server, name, version, file) DO UPDATE SET main = excluded.main, model_id = excluded.model_id, run_id = excluded.run_id,
         source = excluded.source, sha256 = excluded.sha256, pulled_at = excluded.pulled_at`,
    );
    this.db.transaction(() => rows.forEach((r) => put.run(r)))();
  }

  /**
   * Where the alias points now (checked at `at`). Returns the move when it pointed elsewhere before, and null
   * when it did not move (or was never pulled before: a first pull is no move).
   */
  public recordAlias(server: string, name: string, alias: string, version: string, at: string): { from: string; to: string } | null {
    return this.db
      .transaction(() => {
        const before = this.alias(server, name, alias);
        if (!before) {
          this.db.prepare('INSERT INTO remote_model_aliases (server, name, alias, version, checked_at) VALUES (?, ?, ?, ?, ?)').run(server, name, alias, version, at);
          return null;
        }
        if (before.version === version) {
          this.db.prepare('UPDATE remote_model_aliases SET checked_at = ? WHERE server = ? AND name = ? AND alias = ?').run(at, server, name, alias);
          return null;
        }
        this.db.prepare('UPDATE remote_model_aliases SET version = ?, previous_version = ?, moved_at = ?, checked_at = ? WHERE server = ? AND name = ? AND alias = ?').run(version, before.version, at, at, server, name, alias);
        return { from: before.version, to: version };
      })
      .immediate();
  }

  /** The remote lineage of every local model that was pulled, by model id. */
  public lineage(): Map<string, RemoteLineage> {
    const versions = this.db.prepare('SELECT * FROM remote_model_versions ORDER BY pulled_at DESC').all() as PulledVersionRow[];
    const aliases = this.db.prepare('SELECT * FROM remote_model_aliases ORDER BY alias').all() as AliasRow[];
    const out = new Map<string, RemoteLineage>();
    for (const v of versions) {
      if (out.has(v.model_id)) continue; // the latest pull that brought this file in
      const same = (a: AliasRow): boolean => a.server === v.server && a.name === v.name;
      out.set(v.model_id, {
        server: v.server,
        name: v.name,
        version: v.version,
        runId: v.run_id,
        source: v.source,
        file: v.file,
        sha256: v.sha256,
        pulledAt: v.pulled_at,
        aliases: aliases.filter((a) => same(a) && a.version === v.version).map((a) => a.alias),
        aliasMoves: aliases
          .filter((a) => same(a) && a.previous_version !== null && (a.version === v.version || a.previous_version === v.version))
          .map((a) => ({ alias: a.alias, from: a.previous_version, to: a.version, at: a.moved_at })),
      });
    }
    return out;
  }
}
