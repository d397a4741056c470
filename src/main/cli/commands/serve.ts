/** `udw serve`: the scoring server (models/serve/) for one model, until Ctrl-C. */
import { APP_VERSION } from '../../backend/appHandlers';
import { ChildInferenceService } from '../../models/childInferenceService';
import { ModelRegistry } from '../../models/modelRegistry';
import { looksLikeModelId, resolveModelRef } from '../../models/modelRef';
import { DEFAULT_BODY_LIMIT, startScoringServer } from '../../models/serve/scoringServer';
import { isLoopback, newToken } from '../../models/serve/serveAccess';
import { nodeInferenceLink } from '../../models/nodeInferenceLink';
import { UsageError, type Command, type CommandContext } from '../command';
import { openCliCatalog } from '../catalogCli';

function portOf(ctx: CommandContext): number {
  const v = ctx.values.port;
  if (v === undefined) return 8080;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v) || n > 65535) throw new UsageError(`--port: expected a port number 0–65535 (0: any free port), got '${String(v)}'`);
  return n;
}

function bodyLimitOf(ctx: CommandContext): number {
  const v = ctx.values['body-limit-mb'];
  if (v === undefined) return DEFAULT_BODY_LIMIT;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || n <= 0 || n > 1024) throw new UsageError(`--body-limit-mb: expected megabytes from 0 to 1024, got '${String(v)}'`);
  return Math.round(n * 1024 * 1024);
}

export const serveCommand: Command = {
  name: 'serve',
  summary: "Serve a model over MLflow's scoring protocol (POST /invocations, GET /ping, /version, /metrics)",
  usage: [
    'udw serve --model ID|PATH [--port P] [--host 127.0.0.1] [--token T] [--body-limit-mb N] [--db FILE] [--json]',
    '',
    'POST /invocations takes a Setitec file as the body, or JSON: {"inputs": {"position": [...], "i_torque": [...],',
    '"i_thrust": [...]}} (raw samples by catalog column key), {"inputs"|"instances": [{...}, …]} for several,',
    '{"dataframe_split": {"columns": [...], "data": [[...]]}} or {"dataframe_records": [...]}; it answers',
    '{"predictions": [{"name", "depthStartMm", "length", "keypoints": [{"classId", "depth", "confidence"}]}], "model"}.',
    'GET /ping answers 200; GET /version the app version and the model; GET /metrics Prometheus text (requests,',
    'latency histogram, errors, inference crashes). Bad input gets a 4xx with what was expected.',
    'Binds 127.0.0.1 by default (port 8080; 0 picks a free one). Bound to any other address a bearer token is',
    'required (Authorization: Bearer T): --token T, UDW_SERVE_TOKEN, or a random one printed at start.',
    'Prints {"url", "model", "token"} once listening (with --json), then serves until interrupted (exit 0).',
  ].join('\n'),
  options: { model: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, token: { type: 'string' }, 'body-limit-mb': { type: 'string' } },
  async run(ctx) {
    if (ctx.positionals.length > 0) throw new UsageError(`unexpected argument '${ctx.positionals[0]}'`);
    const ref = typeof ctx.values.model === 'string' ? ctx.values.model : undefined;
    if (!ref) throw new UsageError('--model: expected a model id (udw models lists them) or an .onnx file');
    const host = typeof ctx.values.host === 'string' ? ctx.values.host : '127.0.0.1';
    const port = portOf(ctx);
    const bodyLimit = bodyLimitOf(ctx);
    const given = typeof ctx.values.token === 'string' ? ctx.values.token : process.env.UDW_SERVE_TOKEN || undefined;
    const token = given ?? (isLoopback(host) ? null : newToken());
    const inference = new ChildInferenceService(nodeInferenceLink());
    try {
      let model;
      if (looksLikeModelId(ref)) {
        const { db, file } = openCliCatalog(ctx, { create: false });
        try {
          model = await resolveModelRef(ref, new ModelRegistry({ db, catalogPath: file, inference }), inference);
        } finally {
          db.close();
        }
      } else {
        model = await resolveModelRef(ref, null, inference);
      }
      inference.onCrash((c) => ctx.io.err(`udw serve: ${c.message}`));
      const server = await startScoringServer({ model, inference, host, port, token, bodyLimit, appVersion: APP_VERSION });
      const shown = { url: server.url, model: { id: model.id, path: model.path, snapshotId: model.snapshotId }, token: given === undefined ? token : token === null ? null : '(as given)' };
      ctx.io.out(ctx.json ? JSON.stringify(shown) : `scoring ${model.id} at ${server.url}/invocations${shown.token ? `\ntoken: ${shown.token}` : ''}`);
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      await server.close();
      return 0;
    } finally {
      await inference.dispose();
    }
  },
};
