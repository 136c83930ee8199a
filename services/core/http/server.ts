// Each service's HTTP surface: /metrics, /healthz (the process is alive) and /readyz (its dependencies
// answer). Services with an API register extra routes on the same fastify instance.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export interface HttpOptions {
  registry: Registry;
  ready: () => Promise<boolean>;
  port: number;
  host?: string;
}

export function createHttpServer(opts: HttpOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ok = await opts.ready().catch(() => false);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready' });
  });
  app.get('/metrics', async (_req, reply) => reply.type(opts.registry.contentType).send(await opts.registry.metrics()));
  return app;
}

export async function listen(app: FastifyInstance, port: number, host = '127.0.0.1'): Promise<string> {
  return app.listen({ port, host });
}
