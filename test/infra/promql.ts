// Just enough PromQL reading to hold alerts and dashboards to the metric contract in METRICS.md: which
// metric names an expression selects, which labels its matchers use, and which labels it groups by.
// Not a parser: it assumes well-formed expressions (Prometheus itself rejects the rest at load time).

export interface Selector {
  metric: string;
  matcherLabels: string[];
}

export interface PromqlRefs {
  selectors: Selector[];
  groupingLabels: string[];
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'inf', 'nan']);

export function promqlRefs(expr: string): PromqlRefs {
  let s = expr
    // Grafana variables: values never name a metric, and $__rate_interval sits where a duration does.
    .replace(/\$\{?__\w+\}?/g, '5m')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  const groupingLabels: string[] = [];
  // Dropped whole, so `sum by (x) (…)` reads as the call `sum (…)`.
  s = s.replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_m, labels: string) => {
    groupingLabels.push(...labels.split(',').map((l) => l.trim()).filter(Boolean));
    return ' ';
  });
  // Range and subquery brackets hold durations only.
  s = s.replace(/\[[^\]]*\]/g, '');
  const selectors: Selector[] = [];
  // An identifier not preceded by a word character or dot (so not the "d" of "1d" nor a digit's exponent).
  const ident = /(?<![\w.:])([a-zA-Z_:][\w:]*)\s*(\(|\{([^}]*)\})?/g;
  for (const m of s.matchAll(ident)) {
    const [, name, follow, matchers] = m;
    if (name === undefined || follow === '(' || KEYWORDS.has(name.toLowerCase())) continue;
    const matcherLabels = [...(matchers ?? '').matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((x) => x[1] ?? '');
    selectors.push({ metric: name, matcherLabels });
  }
  return { selectors, groupingLabels };
}
