import { parseWebhooks, secretProblem, subscribes, WebhookConfigError, type WebhookConfig } from './webhooks-config';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

function yaml(webhooks: string): string {
  return `webhooks:\n${webhooks}`;
}

const good = `  - name: acme-crm
    tenant: acme
    url: https://crm.example/hooks
    events: ["decision.*", "member.notification"]
    secret: ${SECRET}
`;

describe('webhook configuration', () => {
  it('reads a valid file with defaults for timeout and attempts', () => {
    expect(parseWebhooks(yaml(good), 'w.yaml', {})).toEqual([
      { name: 'acme-crm', tenant: 'acme', url: 'https://crm.example/hooks', events: ['decision.*', 'member.notification'], secret: SECRET, timeoutMs: 5000, maxAttempts: 8 },
    ]);
  });

  it('resolves secret_env from the environment and names the variable when it is missing', () => {
    const text = yaml(good.replace(`secret: ${SECRET}`, 'secret_env: ACME_HOOK_SECRET'));
    expect(parseWebhooks(text, 'w.yaml', { ACME_HOOK_SECRET: SECRET })[0]?.secret).toBe(SECRET);
    expect(() => parseWebhooks(text, 'w.yaml', {})).toThrow('w.yaml: webhooks[0] (acme-crm).secret_env: environment variable ACME_HOOK_SECRET is not set');
  });

  it('names the webhook and the field of each problem', () => {
    const bad = yaml(good.replace('https://crm.example/hooks', 'ftp://crm.example').replace('"decision.*", ', '"decision.*", "post.created", '));
    let message = '';
    try {
      parseWebhooks(bad, 'w.yaml', {});
    } catch (err) {
      expect(err).toBeInstanceOf(WebhookConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('webhooks[0] (acme-crm).url');
    expect(message).toContain('webhooks[0] (acme-crm).events.1');
  });

  it('wants exactly one of secret and secret_env, and refuses unknown fields', () => {
    expect(() => parseWebhooks(yaml(good.replace(`secret: ${SECRET}`, '')), 'w.yaml', {})).toThrow('webhooks[0] (acme-crm).secret: give exactly one of secret or secret_env');
    expect(() => parseWebhooks(yaml(`${good}    retries: 3\n`), 'w.yaml', {})).toThrow(/webhooks\[0\] \(acme-crm\).*retries/);
  });

  it('checks limits on attempts and timeout, naming the limit', () => {
    expect(() => parseWebhooks(yaml(`${good}    max_attempts: 0\n`), 'w.yaml', {})).toThrow(/max_attempts: .*>=1/);
    expect(() => parseWebhooks(yaml(`${good}    timeout_ms: 120000\n`), 'w.yaml', {})).toThrow(/timeout_ms: .*<=60000/);
  });

  it('refuses duplicate names and skips disabled webhooks (whose secrets need not be set)', () => {
    expect(() => parseWebhooks(yaml(good + good), 'w.yaml', {})).toThrow('webhooks[1] (acme-crm).name: "acme-crm" is used twice');
    const disabled = good.replace('acme-crm', 'off').replace(`secret: ${SECRET}`, 'secret_env: NOT_SET_ANYWHERE') + '    enabled: false\n';
    expect(parseWebhooks(yaml(good + disabled), 'w.yaml', {}).map((w) => w.name)).toEqual(['acme-crm']);
  });

  it('checks the secret format: whsec_ prefix, base64, 24 to 64 bytes', () => {
    expect(secretProblem(SECRET)).toBeNull();
    expect(secretProblem('secret')).toBe('must start with "whsec_"');
    expect(secretProblem('whsec_not base64!')).toBe('must be base64 after the whsec_ prefix');
    expect(secretProblem(`whsec_${Buffer.alloc(8).toString('base64')}`)).toBe('must decode to 24 to 64 bytes (got 8)');
    expect(() => parseWebhooks(yaml(good.replace(SECRET, 'whsec_abc')), 'w.yaml', {})).toThrow('webhooks[0] (acme-crm).secret: must decode to 24 to 64 bytes');
  });

  it('an empty file configures no webhooks; YAML errors name the file', () => {
    expect(parseWebhooks('', 'w.yaml', {})).toEqual([]);
    expect(() => parseWebhooks('webhooks: [', 'w.yaml', {})).toThrow(/^w\.yaml: not valid YAML/);
  });
});

describe('subscribes', () => {
  const hook = (tenant: string, events: string[]): WebhookConfig => ({ name: 'h', tenant, url: 'http://x', events, secret: SECRET, timeoutMs: 1000, maxAttempts: 3 });
  it('matches tenant (or *) and event type (exact, decision.* or *)', () => {
    expect(subscribes(hook('acme', ['decision.*']), 'acme', 'decision.auto_hidden')).toBe(true);
    expect(subscribes(hook('acme', ['decision.*']), 'globex', 'decision.auto_hidden')).toBe(false);
    expect(subscribes(hook('*', ['decision.review_decided']), 'globex', 'decision.review_decided')).toBe(true);
    expect(subscribes(hook('*', ['decision.review_decided']), 'globex', 'decision.auto_hidden')).toBe(false);
    expect(subscribes(hook('acme', ['decision.*']), 'acme', 'member.notification')).toBe(false);
    expect(subscribes(hook('acme', ['*']), 'acme', 'member.notification')).toBe(true);
  });
});
