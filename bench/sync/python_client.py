"""The official MLflow Python client doing what bench/sync/run.ts times for udw: one run, 10,000 metric points
through log_batch (chunks of 1,000, the server's limit), then one artifact through log_artifact (the proxied
upload). Prints one JSON line of seconds (wall, and this process's CPU for the upload). Usage: python_client.py TRACKING_URI EXPERIMENT ARTIFACT_FILE."""
import json
import sys
import time

from mlflow.entities import Metric
from mlflow.tracking import MlflowClient

uri, experiment, artifact = sys.argv[1], sys.argv[2], sys.argv[3]
client = MlflowClient(tracking_uri=uri)
exp = client.get_experiment_by_name(experiment)
exp_id = exp.experiment_id if exp else client.create_experiment(experiment)

t0 = time.perf_counter()
run = client.create_run(exp_id)
run_id = run.info.run_id
base = 1_772_000_000_000
points = [Metric(key=f"k{k}", value=1.0 / (e + 1) + k, timestamp=base + e, step=e) for k in range(4) for e in range(2500)]
for i in range(0, len(points), 1000):
    client.log_batch(run_id, metrics=points[i : i + 1000])
t1 = time.perf_counter()
c1 = time.process_time()
client.log_artifact(run_id, artifact)
t2 = time.perf_counter()
c2 = time.process_time()
client.set_terminated(run_id)
print(json.dumps({"metricsSeconds": t1 - t0, "artifactSeconds": t2 - t1, "artifactCpuSeconds": c2 - c1, "runId": run_id}))
