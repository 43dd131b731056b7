import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

// A webhook's POST, safe to aim at any URL a caller gives (docs/changes.md): only public addresses, checked on the
// address the connection is made to (a lookup inside the connection, so a DNS answer cannot change after the
// check), bounded in time, redirects not followed, and the answer read up to a few bytes.

/** The first bytes of an answer that a delivery keeps. */
export const RESPONSE_BYTES = 1_024;

export type PostOptions = {
  timeoutMs: number;
  /** Plain http to loopback only (for development and tests); never anything else private. */
  allowLoopback: boolean;
  /** The resolver (tests change what a name resolves to between two deliveries). */
  resolve?: (host: string) => Promise<string[]>;
};

export type PostResult = { status: number; latencyMs: number; body: string } | { error: string; latencyMs: number };

/** Why an address may not be sent to, or undefined when it may. */
export function refusedAddress(address: string, allowLoopback: boolean): string | undefined {
  if (!ipaddr.isValid(address)) return `${address} is no address`;
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && allowLoopback) return undefined;
  return `${address} is a ${range} address`;
}

const systemResolve = (host: string) =>
  new Promise<string[]>((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses: LookupAddress[]) =>
      error ? reject(error) : resolve(addresses.map((entry) => entry.address)),
    ),
  );

/** A lookup for the connection: every address the name has must be allowed, and the first is used. */
function guardedLookup(options: PostOptions): LookupFunction {
  const resolve = options.resolve ?? systemResolve;
  return (host, lookupOptions, callback) => {
    resolve(host).then(
      (addresses) => {
        const refusal = addresses.length === 0 ? `${host} has no address` : undefined;
        const refused = refusal ?? addresses.map((a) => refusedAddress(a, options.allowLoopback)).find(Boolean);
        const first = addresses[0] as string;
        if (refused) return callback(new Error(`refused: ${refused}`), '', 4);
        const family = ipaddr.parse(first).kind() === 'ipv6' ? 6 : 4;
        if (lookupOptions.all) callback(null, [{ address: first, family }]);
        else callback(null, first, family);
      },
      (error: Error) => callback(error, '', 4),
    );
  };
}

export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<PostResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    // An address in the URL is never looked up: it is checked here.
    const literal = ipaddr.isValid(host) ? refusedAddress(host, options.allowLoopback) : undefined;
    if (literal) return resolve({ error: `refused: ${literal}`, latencyMs: 0 });
    if (target.protocol === 'http:' && !options.allowLoopback) {
      return resolve({ error: 'refused: plain http', latencyMs: 0 });
    }
    const send = target.protocol === 'https:' ? https.request : http.request;
    const request = send(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      lookup: guardedLookup(options),
      timeout: options.timeoutMs,
      // A fresh connection each time: a pooled one would skip the address check.
      agent: false,
    });
    const timer = setTimeout(
      () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', (error) => {
      clearTimeout(timer);
      resolve({ error: error.message, latencyMs: latency() });
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          latencyMs: latency(),
          body: Buffer.concat(chunks).subarray(0, RESPONSE_BYTES).toString('utf8'),
        });
        response.destroy();
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_BYTES) finish();
      });
      response.on('end', finish);
      response.on('error', finish);
    });
    request.end(body);
  });
}
