/**
 * The inference protocol's two economies, on the real inference child and the committed fixture model:
 * requests made in one turn of the back end's event loop cross as one `many` message (each answered on its
 * own as soon as it is done), and `predict` has the peaks read in the inference process, which must give exactly
 * what reading them off the full heatmaps in the back end gives. A refused request inside a `many` fails
 * alone.
 */
import { describe, expect, it } from 'vitest';
import { checkModel } from '../../src/main/models/checkedModel';
import { ChildInferenceService } from '../../src/main/models/childInferenceService';
import type { InferenceReply, InferenceRequest } from '../../src/main/models/inferenceProtocol';
import type { StartLink } from '../../src/main/models/inferenceLink';
import { nodeInferenceLink } from '../../src/main/models/nodeInferenceLink';
import { heatmapsOf, predict, predictionsFrom } from '../../src/main/models/predict';
import type { ModelInput } from '../../src/main/models/preprocess';
import { TINY } from '../fixtures/models/modelsFixture';

/** The real link, with what crosses it written down. */
function recordingLink(sent: InferenceRequest[], received: InferenceReply[]): StartLink {
  const start = nodeInferenceLink();
  return () => {
    const link = start();
    return {
      get pid() {
        return link.pid;
      },
      send(request) {
        sent.push(request);
        link.send(request);
      },
      onReply(fn) {
        link.onReply((reply) => {
          received.push(reply);
          fn(reply);
        });
      },
      onExit: (fn) => link.onExit(fn),
      stop: () => link.stop(),
    };
  };
}

/** A stroke-like input: two smooth channels with a bump, different per seed and length. */
function inputOf(seed: number, length: number): ModelInput {
  const data = new Float32Array(2 * length);
  for (let i = 0; i < length; i++) {
    data[i] = Math.fround(Math.sin((i + seed) / 17) + Math.exp(-(((i - length / 3) / 20) ** 2)) * (1 + seed));
    data[length + i] = Math.fround(Math.cos((i * seed) / 29) * 0.5 + i / length);
  }
  return { channels: 2, length, data, depthStartMm: 0.5, stepMm: 0.02 };
}

describe('inference requests and replies', () => {
  it('sends the requests of one turn as one message, and reads the same peaks in the process as off the heatmaps', async () => {
    const sent: InferenceRequest[] = [];
    const received: InferenceReply[] = [];
    const service = new ChildInferenceService(recordingLink(sent, received));
    try {
      const model = await checkModel(service, TINY);
      const inputs = [inputOf(1, 300), inputOf(2, 517), inputOf(3, 64), inputOf(4, 1200)];
      sent.length = 0;
      received.length = 0;
      const fast = await Promise.all(inputs.map((i) => predict(service, model, i)));
      expect(sent).toHaveLength(1);
      const many = sent[0]!;
      expect(many.op).toBe('many');
      if (many.op !== 'many') return;
      expect(many.requests.map((r) => r.op)).toEqual(['peaks', 'peaks', 'peaks', 'peaks']);
      // Each answered on its own as soon as it is done, in order: the back end can send the next file while
      // the process computes the ones still queued.
      expect(received.map((r) => ('id' in r ? r.id : null))).toEqual(many.requests.map((r) => r.id));

      // One at a time, the full heatmaps back, the peaks read here: the very same predictions.
      for (const [k, input] of inputs.entries()) {
        const slow = predictionsFrom(await heatmapsOf(service, model, input), model, input);
        expect(fast[k]).toEqual(slow);
        expect(fast[k]!.map((p) => p.classId)).toEqual(model.metadata.classes);
      }
    } finally {
      await service.dispose();
    }
  }, 120_000);

  it('fails only the refused request of a batch and keeps the process', async () => {
    const sent: InferenceRequest[] = [];
    const service = new ChildInferenceService(recordingLink(sent, []));
    try {
      const model = await checkModel(service, TINY);
      const pid = service.pid;
      sent.length = 0;
      const bad: ModelInput = { channels: 3, length: 40, data: new Float32Array(120), depthStartMm: 0, stepMm: 0.02 };
      const results = await Promise.allSettled([predict(service, model, inputOf(5, 200)), predict(service, model, bad), predict(service, model, inputOf(6, 90))]);
      expect(sent).toHaveLength(1);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/signals/);
      expect(service.pid).toBe(pid);
      expect(service.state).toBe('ready');
    } finally {
      await service.dispose();
    }
  }, 120_000);
});
