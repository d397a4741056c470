/**
 * The scoring server's Prometheus metrics (text exposition format 0.0.4): requests by route and status, a
 * latency histogram by route, errors by kind, and inference-process crashes. Counters only grow; nothing
 * here depends on the wall clock but the observed durations.
 */

/** Seconds; covers one short file (a few ms) to a long batch. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function labels(obj: Record<string, string>): string {
  const parts = Object.entries(obj).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

interface Histogram {
  buckets: number[];
  sum: number;
  count: number;
}

export class ScoringMetrics {
  private readonly requests = new Map<string, { route: string; status: string; n: number }>();
  private readonly errors = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private files = 0;
  public crashes = 0;

  public request(route: string, status: number, seconds: number): void {
    const key = `${route} ${status}`;
    const r = this.requests.get(key) ?? { route, status: String(status), n: 0 };
    r.n++;
    this.requests.set(key, r);
    const h = this.latency.get(route) ?? { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
    LATENCY_BUCKETS.forEach((b, i) => {
      if (seconds <= b) h.buckets[i]!++;
    });
    h.sum += seconds;
    h.count++;
    this.latency.set(route, h);
  }

  public error(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  public predicted(files: number): void {
    this.files += files;
  }

  public render(): string {
    const out: string[] = [];
    out.push('# HELP udw_scoring_requests_total HTTP requests answered, by route and status.', '# TYPE udw_scoring_requests_total counter');
    for (const r of [...this.requests.values()].sort((a, b) => (a.route + a.status).localeCompare(b.route + b.status))) out.push(`udw_scoring_requests_total${labels({ route: r.route, status: r.status })} ${r.n}`);
    out.push('# HELP udw_scoring_errors_total Requests refused or failed, by kind.', '# TYPE udw_scoring_errors_total counter');
    for (const [kind, n] of [...this.errors.entries()].sort()) out.push(`udw_scoring_errors_total${labels({ kind })} ${n}`);
    out.push('# HELP udw_scoring_request_duration_seconds Time to answer a request, by route.', '# TYPE udw_scoring_request_duration_seconds histogram');
    for (const [route, h] of [...this.latency.entries()].sort()) {
      LATENCY_BUCKETS.forEach((b, i) => out.push(`udw_scoring_request_duration_seconds_bucket${labels({ route, le: String(b) })} ${h.buckets[i]}`));
      out.push(`udw_scoring_request_duration_seconds_bucket${labels({ route, le: '+Inf' })} ${h.count}`);
      out.push(`udw_scoring_request_duration_seconds_sum${labels({ route })} ${h.sum}`);
      out.push(`udw_scoring_request_duration_seconds_count${labels({ route })} ${h.count}`);
    }
    out.push('# HELP udw_scoring_files_predicted_total Files (or signal sets) predicted.', '# TYPE udw_scoring_files_predicted_total counter', `udw_scoring_files_predicted_total ${this.files}`);
    out.push('# HELP udw_scoring_inference_crashes_total Crashes of the inference process (each restarted on the next request).', '# TYPE udw_scoring_inference_crashes_total counter', `udw_scoring_inference_crashes_total ${this.crashes}`);
    return `${out.join('\n')}\n`;
  }
}
