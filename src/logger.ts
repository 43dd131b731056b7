import pino from 'pino';

/**
 * Structured logs (JSON lines on stdout). Secrets never reach a log line: nothing logs request headers or
 * variables, and these paths are redacted in case an object holding them is ever logged.
 */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      base: { service: 'salure-gateway' },
      redact: {
        paths: [
          'req.headers.authorization',
          'headers.authorization',
          '*.password',
          '*.secret',
          '*.token',
          '*.sessionToken',
          'variables',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;
