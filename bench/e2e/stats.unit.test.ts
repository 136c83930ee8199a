import { sumMetric } from './prom';
import { rssGrowth } from './soak';
import { percentile, summarise, sustainedRate } from './stats';

describe('latency statistics', () => {
  it('uses nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(summarise([5, 1, 3])).toEqual({ count: 3, p50: 3, p95: 5, p99: 5, max: 5 });
    expect(summarise([]).count).toBe(0);
  });

  it('measures the sustained rate between the 10th and 90th percentile of arrivals', () => {
    // 101 arrivals 10 ms apart: 100 per second whatever the trimming.
    expect(sustainedRate(Array.from({ length: 101 }, (_, i) => i * 10))).toBeCloseTo(100);
    expect(sustainedRate([42])).toBe(0);
  });
});

describe('prometheus exposition', () => {
  it('sums every label set of a metric and ignores comments and look-alike names', () => {
    const text = ['# HELP vigil_batch_duration_seconds x', 'vigil_batch_duration_seconds_sum 1.5', 'vigil_batch_duration_seconds_sum_extra 9', 'vigil_x{topic="a"} 2', 'vigil_x{topic="b"} 3'].join('\n');
    expect(sumMetric(text, 'vigil_batch_duration_seconds_sum')).toBe(1.5);
    expect(sumMetric(text, 'vigil_x')).toBe(5);
    expect(sumMetric(text, 'absent')).toBeNull();
  });
});

describe('soak memory growth', () => {
  it('compares the mean of the last minute with the mean of the first, per process', () => {
    const samples = [0, 10, 20, 30, 60, 70, 80, 90, 100, 110, 120].map((t) => ({ atSeconds: t, rssMiB: { route: 100 + t / 10, ingest: 50 } }));
    const growth = rssGrowth(samples);
    // The first minute holds the samples at 0..60 s, the last minute those at 60..120 s.
    expect(growth.route).toBeCloseTo((106 + 107 + 108 + 109 + 110 + 111 + 112) / 7 - (100 + 101 + 102 + 103 + 106) / 5);
    expect(growth.ingest).toBe(0);
  });
});
