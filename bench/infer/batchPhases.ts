/**
 * Where a batch run's time per file goes, with the app's own parts one after the other (the batch run itself
 * overlaps them: inferJob.ts): the catalog read and preprocessing (inputFromCatalog), the model in the
 * inference process (predict, one file at a time), and the proposals' transactions (storeManyPredictions,
 * as many files per transaction as the batch run commits at most). Used by run.mjs on the catalog its batch
 * run made (the proposals are stored a second time there: each file's untouched model proposals are replaced).
 */
import { FileReviewStore } from '../../src/main/labels/fileReview';
import { LabelSchemaStore } from '../../src/main/labels/labelSchemaStore';
import { LabelStore } from '../../src/main/labels/labelStore';
import { resolveScope } from '../../src/main/labels/autolabel/scope';
import { openCatalog } from '../../src/main/db/openCatalog';
import { checkModel } from '../../src/main/models/checkedModel';
import { ChildInferenceService } from '../../src/main/models/childInferenceService';
import { storeManyPredictions } from '../../src/main/models/modelProposals';
import { STORE_BATCH_FILES } from '../../src/main/models/inferJob';
import { nodeInferenceLink } from '../../src/main/models/nodeInferenceLink';
import { predict } from '../../src/main/models/predict';
import { inputFromCatalog } from '../../src/main/models/preprocess';

export interface Phases {
  files: number;
  readMs: number;
  predictMs: number;
  storeMs: number;
  totalS: number;
}

export async function batchPhases(catalogPath: string, modelPath: string, modelId: string, threads: number): Promise<Phases> {
  const db = openCatalog(catalogPath);
  const schema = new LabelSchemaStore(db);
  const labels = new LabelStore(db, schema, new FileReviewStore(db));
  const inference = new ChildInferenceService(nodeInferenceLink());
  try {
    const model = await checkModel(inference, modelPath, { intraOpNumThreads: threads });
    const files = resolveScope(db, { kind: 'all' }).filter((f) => f.unparsed === null);
    let readMs = 0;
    let predictMs = 0;
    let storeMs = 0;
    const t0 = performance.now();
    const batch: Array<{ fileId: number; predictions: Awaited<ReturnType<typeof predict>> }> = [];
    const store = (): void => {
      const c = performance.now();
      storeManyPredictions(labels, schema, modelId, batch.splice(0), 'bench');
      storeMs += performance.now() - c;
    };
    for (const f of files) {
      const a = performance.now();
      const input = inputFromCatalog(db, f.fileId, f.path, model.metadata);
      const b = performance.now();
      batch.push({ fileId: f.fileId, predictions: await predict(inference, model, input) });
      predictMs += performance.now() - b;
      readMs += b - a;
      if (batch.length === STORE_BATCH_FILES) store();
    }
    store();
    const totalS = (performance.now() - t0) / 1000;
    const per = (ms: number): number => Math.round((ms / files.length) * 100) / 100;
    return { files: files.length, readMs: per(readMs), predictMs: per(predictMs), storeMs: per(storeMs), totalS: Math.round(totalS * 100) / 100 };
  } finally {
    await inference.dispose();
    db.close();
  }
}
