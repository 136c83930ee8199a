// The one logger module: JSON lines on stdout (pino), one child per service.
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: `vigil-${service}`, level, base: { service } });
}
