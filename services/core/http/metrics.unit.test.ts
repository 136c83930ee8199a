import { Registry } from 'prom-client';
import { AUTO_RATIO_WINDOW, createClassifyMetrics, createReviewMetrics, createRouteMetrics, servedModels, type QueueStats } from './metrics';

/** The value of one series in the registry's exposition, or undefined when the series is absent. */
async function sample(registry: Registry, series: string): Promise<string | undefined> {
  const text = await registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line?.slice(series.length + 1);
}

describe('servedModels', () => {
  it('lists live and shadow versions as rows, sorted by model then mode', () => {
    expect(servedModels({ toxicity: '1.0.0', rules: '2.0.0' }, { toxicity: '1.1.0' })).toEqual([
      { model: 'rules', version: '2.0.0', mode: 'live' },
      { model: 'toxicity', version: '1.0.0', mode: 'live' },
      { model: 'toxicity', version: '1.1.0', mode: 'shadow' },
    ]);
  });
});

describe('vigil_classify_model_info', () => {
  it('reports 1 per served model and follows a change of the served versions', async () => {
    const registry = new Registry();
    let live: Record<string, string> = { spam: '1.0.0' };
    createClassifyMetrics(registry, () => servedModels(live, {}));
    expect(await sample(registry, 'vigil_classify_model_info{model="spam",version="1.0.0",mode="live"}')).toBe('1');
    live = { spam: '1.1.0' };
    expect(await sample(registry, 'vigil_classify_model_info{model="spam",version="1.1.0",mode="live"}')).toBe('1');
    expect(await sample(registry, 'vigil_classify_model_info{model="spam",version="1.0.0",mode="live"}')).toBeUndefined();
  });
});

describe('vigil_route_auto_decision_ratio', () => {
  it('is NaN before any decision, then the share of allow and hide', async () => {
    const registry = new Registry();
    const route = createRouteMetrics(registry);
    expect(await sample(registry, 'vigil_route_auto_decision_ratio')).toBe('Nan');
    for (const action of ['allow', 'hide', 'review', 'escalate']) route.count({ action, policy_version: 'v1' });
    expect(await sample(registry, 'vigil_route_auto_decision_ratio')).toBe('0.5');
    expect(await sample(registry, 'vigil_route_decisions_total{action="allow",policy_version="v1"}')).toBe('1');
  });

  it('covers only the latest decisions', async () => {
    const registry = new Registry();
    const route = createRouteMetrics(registry);
    for (let i = 0; i < AUTO_RATIO_WINDOW; i++) route.count({ action: 'review', policy_version: 'v1' });
    for (let i = 0; i < AUTO_RATIO_WINDOW; i++) route.count({ action: 'allow', policy_version: 'v1' });
    expect(await sample(registry, 'vigil_route_auto_decision_ratio')).toBe('1');
  });
});

describe('review queue gauges', () => {
  it('read the stats once per scrape, and report a queue that emptied as 0', async () => {
    const registry = new Registry();
    let calls = 0;
    let rows: QueueStats[] = [{ queue: 'legal', depth: 3, oldestSeconds: 42 }];
    createReviewMetrics(registry, () => {
      calls += 1;
      return Promise.resolve(rows);
    });
    expect(await sample(registry, 'vigil_review_queue_depth{queue="legal"}')).toBe('3');
    expect(calls).toBe(1);
    expect(await sample(registry, 'vigil_review_queue_oldest_seconds{queue="legal"}')).toBe('42');
    rows = [];
    expect(await sample(registry, 'vigil_review_queue_depth{queue="legal"}')).toBe('0');
    expect(await sample(registry, 'vigil_review_queue_oldest_seconds{queue="legal"}')).toBe('0');
  });
});
