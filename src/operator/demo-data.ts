import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../auth/passwords.js';
import { PAGES, type Page } from '../core/pages.js';
import { ClientEntity, ConnectorEntity, InterfaceEntity, RunEntity, UserEntity } from '../database/entities.js';
import { createClient, createUser } from './users.js';

export const DEMO_PASSWORD = 'correct-horse-battery-staple';

type DemoClient = {
  name: string;
  connectors: { name: string; system: string; status: 'ACTIVE' | 'INACTIVE' | 'ERROR' }[];
  /** source and target are indexes into `connectors`. */
  interfaces: {
    name: string;
    source: number;
    target: number;
    schedule: string | null;
    status: 'ACTIVE' | 'PAUSED' | 'DRAFT';
  }[];
  runs: number;
};

const DEMO_CLIENTS: DemoClient[] = [
  {
    name: 'Acme BV',
    connectors: [
      { name: 'AFAS Profit', system: 'AFAS', status: 'ACTIVE' },
      { name: 'Factorial HR', system: 'Factorial', status: 'ACTIVE' },
      { name: 'Sage 100 Payroll', system: 'Sage 100', status: 'ACTIVE' },
      { name: 'Nmbrs Payroll', system: 'Nmbrs', status: 'ERROR' },
    ],
    interfaces: [
      { name: 'Factorial to Sage 100: employees', source: 1, target: 2, schedule: '0 6 * * *', status: 'ACTIVE' },
      { name: 'AFAS to Nmbrs: payroll mutations', source: 0, target: 3, schedule: '*/30 * * * *', status: 'ACTIVE' },
      { name: 'Nmbrs to AFAS: journal entries', source: 3, target: 0, schedule: null, status: 'PAUSED' },
    ],
    runs: 120,
  },
  {
    name: 'Globex NV',
    connectors: [
      { name: 'Personio', system: 'Personio', status: 'ACTIVE' },
      { name: 'Exact Online', system: 'Exact Online', status: 'ACTIVE' },
      { name: 'SAP SuccessFactors', system: 'SAP SuccessFactors', status: 'INACTIVE' },
    ],
    interfaces: [
      { name: 'Personio to Exact Online: employees', source: 0, target: 1, schedule: '0 * * * *', status: 'ACTIVE' },
      { name: 'SuccessFactors to Personio: migration', source: 2, target: 0, schedule: null, status: 'DRAFT' },
    ],
    runs: 20,
  },
  {
    name: 'Initech',
    connectors: [
      { name: 'BambooHR', system: 'BambooHR', status: 'ACTIVE' },
      { name: 'Loket.nl', system: 'Loket', status: 'ACTIVE' },
    ],
    interfaces: [
      { name: 'BambooHR to Loket: employees', source: 0, target: 1, schedule: '15 5 * * 1-5', status: 'ACTIVE' },
    ],
    runs: 5,
  },
];

const DEMO_USERS: {
  email: string;
  name: string;
  client: string;
  clients: string[];
  pages: readonly Page[];
  isActive: boolean;
  /** Clients whose tokens the user governs (docs/organisation.md). */
  administers?: string[];
}[] = [
  {
    email: 'admin@acme.test',
    name: 'Ada Admin',
    client: 'Acme BV',
    clients: ['Acme BV', 'Globex NV'],
    pages: PAGES,
    isActive: true,
    administers: ['Acme BV'],
  },
  {
    email: 'hr@acme.test',
    name: 'Hank HR',
    client: 'Acme BV',
    clients: ['Acme BV'],
    pages: ['USERS', 'INTERFACES'],
    isActive: true,
  },
  {
    email: 'ops@globex.test',
    name: 'Olga Ops',
    client: 'Globex NV',
    clients: ['Globex NV'],
    pages: ['CONNECTORS', 'INTERFACES', 'RUNS'],
    isActive: true,
    administers: ['Globex NV'],
  },
  {
    email: 'ivy@initech.test',
    name: 'Ivy Initech',
    client: 'Initech',
    clients: ['Initech'],
    pages: PAGES,
    isActive: true,
  },
  {
    email: 'former@acme.test',
    name: 'Fred Former',
    client: 'Acme BV',
    clients: ['Acme BV'],
    pages: PAGES,
    isActive: false,
  },
];

/**
 * Loads the demo data (README, "Demo logins"). Idempotent: a demo client or user that exists already is left
 * as it is, and the whole load is one transaction, so a crash leaves nothing half-seeded.
 */
export async function seedDemo(em: EntityManager): Promise<{ clients: number; users: number }> {
  return em.transactional(async (tx) => {
    let clients = 0;
    let users = 0;
    const clientIds = new Map<string, string>();
    for (const demo of DEMO_CLIENTS) {
      const existing = await tx.findOne(ClientEntity, { name: demo.name });
      if (existing) {
        clientIds.set(demo.name, existing.id);
        continue;
      }
      const client = await createClient(tx, demo.name);
      clientIds.set(demo.name, client.id);
      seedClientData(tx, client.id, demo);
      await tx.flush();
      clients++;
    }
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const demo of DEMO_USERS) {
      if (await tx.findOne(UserEntity, { email: demo.email })) continue;
      const idOf = (name: string) => clientIds.get(name) ?? '';
      await createUser(tx, {
        ...demo,
        password: DEMO_PASSWORD,
        passwordHash,
        clientId: idOf(demo.client),
        clientIds: demo.clients.map(idOf),
        adminClientIds: (demo.administers ?? []).map(idOf),
      });
      users++;
    }
    return { clients, users };
  });
}

function seedClientData(em: EntityManager, clientId: string, demo: DemoClient): void {
  // Fixed offsets from now keep the order stable: rows are created a second apart, runs every 6 hours.
  const now = Date.now();
  const connectors = demo.connectors.map((connector, index) =>
    em.create(ConnectorEntity, {
      id: randomUUID(),
      client: clientId,
      ...connector,
      createdAt: new Date(now - 90 * 86_400_000 + index * 1000),
    }),
  );
  const interfaces = demo.interfaces.map((iface, index) =>
    em.create(InterfaceEntity, {
      id: randomUUID(),
      client: clientId,
      name: iface.name,
      status: iface.status,
      schedule: iface.schedule,
      source: connectors[iface.source]?.id ?? null,
      target: connectors[iface.target]?.id ?? null,
      createdAt: new Date(now - 60 * 86_400_000 + index * 1000),
    }),
  );
  for (let index = 0; index < demo.runs; index++) {
    const iface = interfaces[index % interfaces.length];
    if (!iface) continue;
    const startedAt = new Date(now - (index + 1) * 6 * 3_600_000);
    const failed = index % 7 === 3;
    const running = index === 0;
    em.create(RunEntity, {
      id: randomUUID(),
      client: clientId,
      interface: iface.id,
      status: running ? 'RUNNING' : failed ? 'FAILED' : 'SUCCEEDED',
      startedAt,
      finishedAt: running ? null : new Date(startedAt.getTime() + (30 + (index % 11) * 17) * 1000),
      recordsProcessed: running ? 0 : 40 + ((index * 37) % 400),
      message: failed ? 'Target system answered 503 Service Unavailable; retried 3 times.' : null,
    });
  }
}
