import {
  type Attributes,
  type Context,
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

// OpenTelemetry traces, when OTEL_EXPORTER_OTLP_ENDPOINT is set (main.ts). Off, nothing here does more than read a
// boolean: the SDK is not even loaded, and no span object is made.

export const tracer = trace.getTracer('salure-gateway');
let tracing = false;

export function isTracing(): boolean {
  return tracing;
}

export type Tracing = {
  /** Sends the spans that are waiting (tests; shutdown does it too). */
  flush(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Registers the OpenTelemetry SDK: spans batched to an OTLP/HTTP receiver at `url` (…/v1/traces), the active span
 * carried by AsyncLocalStorage, W3C `traceparent` read from callers.
 */
export async function startTracing({ url, serviceName }: { url: string; serviceName: string }): Promise<Tracing> {
  const { NodeTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  provider.register();
  tracing = true;
  return {
    flush: () => provider.forceFlush(),
    async stop() {
      tracing = false;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** The trace id of the active span, for a log record; undefined when not tracing. */
export function activeTraceId(): string | undefined {
  return tracing ? trace.getActiveSpan()?.spanContext().traceId : undefined;
}

/** A span started as a child of `parent` (default: the active one), for the caller to end. */
export function startSpan(name: string, attributes: Attributes, kind = SpanKind.INTERNAL, parent?: Context): Span {
  return tracer.startSpan(name, { kind, attributes }, parent ?? context.active());
}

/** Ends a span, marked as failed when `error` is given. */
export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
  }
  span.end();
}

/**
 * Runs `run` inside a new span (so that spans started meanwhile are its children) and ends it when what `run`
 * returns has settled.
 */
export function inSpan<T>(span: Span, run: () => T): T {
  let result: T;
  try {
    result = context.with(trace.setSpan(context.active(), span), run);
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
  if (result instanceof Promise) {
    result.then(
      () => endSpan(span),
      (error: unknown) => endSpan(span, error),
    );
  } else endSpan(span);
  return result;
}

/** A resolver that runs in a span of its own while tracing (the field's coordinate as its name). */
export function tracedResolver<A extends unknown[], R>(name: string, resolver: (...args: A) => R): (...args: A) => R {
  return (...args) =>
    tracing
      ? inSpan(startSpan(name, { 'graphql.field.coordinate': name }), () => resolver(...args))
      : resolver(...args);
}

export { SpanKind };
