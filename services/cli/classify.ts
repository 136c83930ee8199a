// `vigil classify`: batch classification of a JSONL file, with the same signals and policy as the
// pipeline. One output line per input line, in input order; a malformed line gets an error line and a
// message naming its line number, the rest still runs, and the exit status says whether any failed.
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { loadClassifier } from '../classify/load-classifier';
import { ROUTERS, type Classification, type Classifier, type RouterName } from '../classify/signals/types';
import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import type { Action } from '../core/log/events';
import { evaluatePolicy, labelsFor } from '../route/evaluate';
import { loadPolicyFile, type Policy } from '../route/policy';
import { progressBar } from './common';

const BATCH = 256;

const InputLine = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  text: z.string().max(10_000, 'text: longer than 10000 characters'),
  tier: z.string().optional(),
  audience_size: z.number().int().nonnegative().optional(),
  prior_strikes: z.number().int().nonnegative().optional(),
});
type InputLine = z.infer<typeof InputLine>;

/** The action a policy takes on a post as it stands alone; provisional publication is a kind of review. */
export function standaloneAction(line: InputLine, c: Classification, policy: Policy, now: number): Exclude<Action, 'provisional'> {
  const outcome = evaluatePolicy(
    {
      postId: line.id, authorId: 'cli', tier: line.tier ?? 'free', accountAgeDays: null, priorStrikes: line.prior_strikes ?? 0,
      audienceSize: line.audience_size ?? 100, isPublic: true, language: 'und', productTopic: null, scores: c.scores,
      isQuestion: c.isQuestion.value, topic: c.topic?.label ?? null, createdAt: now,
    },
    policy,
    now,
  );
  return outcome.action === 'provisional' ? 'review' : outcome.action;
}

function outputLine(line: InputLine, c: Classification, policy: Policy, now: number): string {
  return JSON.stringify({
    id: line.id,
    scores: c.scores,
    labels: labelsFor(c.scores, policy),
    is_question: c.isQuestion,
    ...(c.topic ? { topic: c.topic } : {}),
    action: standaloneAction(line, c, policy, now),
    model_versions: c.modelVersions,
  });
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const _ of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) n += 1;
  return n;
}

async function run(opts: { in: string; out: string; router?: RouterName; policy?: string }): Promise<void> {
  const config = loadConfig();
  const policy = loadPolicyFile(opts.policy ?? join(config.policiesDir, 'default.yaml'));
  const classifier: Classifier = await loadClassifier(config.modelsDir, createLogger('classify-cli', 'warn'), opts.router ? { router: opts.router } : {});
  const total = await countLines(opts.in);
  const bar = total >= 1_000 ? progressBar('classifying', total, 'lines') : null;
  const out = createWriteStream(opts.out);
  const now = Date.now();
  const started = performance.now();
  let failed = 0;
  let done = 0;
  const actions: Record<string, number> = {};
  let pending: Array<{ lineNo: number; line?: InputLine; error?: string }> = [];

  const flush = async () => {
    const ok = pending.filter((p) => p.line);
    const results = await classifier.classifyBatch(ok.map((p) => ({ id: p.line!.id, text: p.line!.text })));
    let k = 0;
    for (const p of pending) {
      if (!p.line) {
        out.write(`${JSON.stringify({ id: null, line: p.lineNo, error: p.error })}\n`);
        continue;
      }
      const result = results[k++]!;
      const json = outputLine(p.line, result, policy, now);
      const action = (JSON.parse(json) as { action: string }).action;
      actions[action] = (actions[action] ?? 0) + 1;
      out.write(`${json}\n`);
    }
    done += pending.length;
    bar?.update(done);
    pending = [];
  };

  let lineNo = 0;
  for await (const raw of createInterface({ input: createReadStream(opts.in), crlfDelay: Infinity })) {
    lineNo += 1;
    if (raw.trim() === '') {
      pending.push({ lineNo, error: 'empty line' });
    } else {
      try {
        const parsed = InputLine.safeParse(JSON.parse(raw));
        if (parsed.success) pending.push({ lineNo, line: parsed.data });
        else pending.push({ lineNo, error: parsed.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ') });
      } catch (err) {
        pending.push({ lineNo, error: `not JSON: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    const last = pending[pending.length - 1];
    if (last?.error) {
      failed += 1;
      console.error(`${opts.in}:${lineNo}: ${last.error}`);
    }
    if (pending.length >= BATCH) await flush();
  }
  await flush();
  bar?.stop();
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  const seconds = (performance.now() - started) / 1000;
  console.error(`classified ${done - failed} of ${done} lines in ${seconds.toFixed(2)} s (${Math.round(done / Math.max(seconds, 1e-9))} lines/s); ${failed} failed`);
  console.error(`actions under policy ${policy.version}: ${Object.entries(actions).map(([a, n]) => `${a} ${n}`).join(', ') || 'none'}; models: ${JSON.stringify(classifier.versions)}`);
  if (failed > 0) process.exitCode = 1;
}

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('classify a JSONL file of posts ({"id", "text"} per line) with the pipeline\'s signals and policy')
    .requiredOption('--in <file>', 'input JSONL')
    .requiredOption('--out <file>', 'output JSONL, one line per input line, in order')
    .addOption(new Option('--router <name>', 'topic router to run').choices([...ROUTERS]))
    .option('--policy <file>', 'policy for labels and action (default: the shipped default policy)')
    .action(run);
}
