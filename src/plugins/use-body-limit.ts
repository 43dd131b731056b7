import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Refuses request bodies over `maxBytes` with HTTP 413: at once by Content-Length, and while reading when the
 * body comes without one (chunked), so an oversized body is never buffered whole.
 */
export function useBodyLimit({ maxBytes }: { maxBytes: number }): Plugin {
  const tooLarge = () =>
    new Response(
      JSON.stringify({
        errors: [
          {
            message: `Request body too large: the limit is ${maxBytes} bytes.`,
            extensions: { code: 'PAYLOAD_TOO_LARGE' },
          },
        ],
      }),
      // The body is left unread: close the connection rather than leave it to the next request.
      { status: 413, headers: { 'content-type': 'application/json', connection: 'close' } },
    );
  return {
    onRequest({ request, endResponse }) {
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > maxBytes) endResponse(tooLarge());
    },
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== 'POST' || request.headers.get('content-length') !== null || !request.body) return;
      setRequestParser(async (unsized) => {
        const reader = (unsized.body as ReadableStream<Uint8Array>).getReader();
        const chunks: Uint8Array[] = [];
        let size = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > maxBytes) {
            await reader.cancel();
            throw new GraphQLError(`Request body too large: the limit is ${maxBytes} bytes.`, {
              extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413, headers: { connection: 'close' } } },
            });
          }
          chunks.push(value);
        }
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          return JSON.parse(text);
        } catch {
          throw new GraphQLError('The request body is not valid JSON.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      });
    },
  };
}
