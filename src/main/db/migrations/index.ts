/**
 * Schema migrations in order. Never edit a migration that has shipped: add a new one.
 * Each file owns the tables of one domain.
 */
import type Database from 'better-sqlite3';
import { catalogSchema } from './001_catalog';
import { labelsSchema } from './002_labels';
import { catalogStateSchema } from './003_catalog_state';
import { labelFindingsSchema } from './004_label_findings';
import { labelStatesSchema } from './005_label_states';
import { labelTravelSchema } from './006_label_travel';
import { datasetSnapshotsSchema } from './007_dataset_snapshots';
import { trainingRunsSchema } from './008_training_runs';
import { modelsSchema } from './009_models';
import { syncOutboxSchema } from './010_sync_outbox';
import { modelPullsSchema } from './011_model_pulls';

export interface Migration {
  name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [catalogSchema, labelsSchema, catalogStateSchema, labelFindingsSchema, labelStatesSchema, labelTravelSchema, datasetSnapshotsSchema, trainingRunsSchema, modelsSchema, syncOutboxSchema, modelPullsSchema];
