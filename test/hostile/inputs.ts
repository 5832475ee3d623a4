// Hostile Stellar files, one generator per class, deterministic: the same parameters always give the same
// text. The tests (test/hostile/files.test.ts) and the benchmark (bench/hostile/*.ts) write them next to a
// witness, a well-formed file with one known finding, which proves the rest of the workspace is still checked.

/** A file of a hostile workspace: its path relative to the root and its text. */
export interface HostileFile {
  path: string;
  text: string;
}

export interface HostileClass {
  /** Short name, also the name of the benchmark module and of the fixture parameters. */
  name: string;
  /** What the class attacks, one line. */
  what: string;
  /** The files (the hostile one first); the witness is added by `workspaceOf`. */
  files: (n: number) => HostileFile[];
  /** The default size: how many items, keys, levels or lines. */
  n: number;
}

/** SK030 on line 2 (no environment slot): the finding that shows the rest of the workspace was checked. */
export const WITNESS: HostileFile = {
  path: 'orders.integration.yaml',
  text: '# A well-formed file next to the hostile one.\nkind: custom-api\nname: Orders API\ndescription: Order status and shipments.\n',
};

const lines = (n: number, line: (i: number) => string): string => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(line(i));
  return out.join('\n') + '\n';
};
const pad = (i: number) => String(i).padStart(6, '0');

const billing: HostileFile = {
  path: 'billing-api.integration.yaml',
  text: 'kind: custom-api\nname: Billing API\nenvironments:\n  development: { baseUrl: "http://127.0.0.1:4010" }\n',
};
const lookupInvoice: HostileFile = {
  path: 'lookup_invoice.action.yaml',
  text: 'integration: billing-api\nname: lookup_invoice\ndescription: Look up an invoice.\nmethod: GET\npath: /invoices\n',
};

export const CLASSES: HostileClass[] = [
  {
    name: 'same-name',
    what: 'an agent with n bindings to the same shared action: n actions share one name (SK080), none is locked (SK014)',
    n: 1_000,
    files: (n) => [
      { path: 'support.agent.yaml', text: 'name: Support\nstatus: active\nactions:\n' + lines(n, () => '  - link: billing-api/lookup_invoice') },
      billing,
      lookupInvoice,
    ],
  },
  {
    name: 'unknown-keys',
    what: 'an integration with n unknown top-level keys (SK003 each)',
    n: 50_000,
    files: (n) => [
      {
        path: 'wide.integration.yaml',
        text: 'kind: custom-api\nname: Wide\nenvironments:\n  development: { baseUrl: "http://127.0.0.1:4010" }\n' + lines(n, (i) => `unknown${pad(i)}: value`),
      },
    ],
  },
  {
    name: 'duplicate-keys',
    what: 'a headers map of n keys, each written twice (SK001 duplicate key each)',
    n: 25_000,
    files: (n) => [
      {
        path: 'dupes.integration.yaml',
        text:
          'kind: custom-api\nname: Dupes\nenvironments:\n  development: { baseUrl: "http://127.0.0.1:4010" }\nheaders:\n' +
          lines(2 * n, (i) => `  X-H${pad(i % n)}: v`),
      },
    ],
  },
  {
    name: 'anchors',
    what: 'n anchors, each used by one alias',
    n: 10_000,
    files: (n) => [
      {
        path: 'anchors.integration.yaml',
        text:
          'kind: custom-api\nname: Anchors\nenvironments:\n  development: { baseUrl: "http://127.0.0.1:4010" }\nheaders:\n' +
          lines(n, (i) => `  X-A${pad(i)}: &a${i} v${i}`) +
          lines(n, (i) => `  X-B${pad(i)}: *a${i}`),
      },
    ],
  },
  {
    name: 'merge-keys',
    what: 'n maps merging one anchored map (`<<: *base`)',
    n: 10_000,
    files: (n) => [
      {
        path: 'merges.agent.yaml',
        text:
          'name: Merges\nstatus: active\nx-base: &base { type: static-response, description: d, response: r }\nactions:\n' +
          lines(n, (i) => `  - { <<: *base, name: a${i} }`),
      },
    ],
  },
  {
    name: 'deep-flow',
    what: 'a value nested n levels deep in flow sequences `[[[[...]]]]`',
    n: 10_000,
    files: (n) => [{ path: 'deep.agent.yaml', text: `name: Deep\nstatus: active\nstates: ${'['.repeat(n)}${']'.repeat(n)}\n` }],
  },
  {
    name: 'deep-map',
    what: 'a value nested n levels deep in flow maps `{a: {a: ...}}`',
    n: 10_000,
    files: (n) => [{ path: 'deepmap.agent.yaml', text: `name: Deep\nstatus: active\ndescription: ${'{a: '.repeat(n)}x${'}'.repeat(n)}\n` }],
  },
  {
    name: 'deep-block',
    what: 'block maps nested n levels deep, one space of indentation per level',
    n: 1_500,
    files: (n) => [{ path: 'deepblock.agent.yaml', text: 'name: Deep\nstatus: active\ndescription:\n' + lines(n, (i) => `${' '.repeat(i + 1)}k${i}:`) }],
  },
  {
    name: 'schema-violations',
    what: 'an agent whose states list holds n numbers where state names belong (SK002 each)',
    n: 120_000,
    files: (n) => [{ path: 'states.agent.yaml', text: 'name: States\nstatus: active\nstates:\n' + lines(n, () => '  - 1') }],
  },
  {
    name: 'long-file',
    what: 'a valid integration of n lines: n - 4 headers, each a symbol of the outline',
    n: 50_000,
    files: (n) => [
      {
        path: 'long.integration.yaml',
        text:
          'kind: custom-api\nname: Long\nenvironments:\n  development: { baseUrl: "http://127.0.0.1:4010" }\nheaders:\n' +
          lines(n - 5, (i) => `  X-Long-${pad(i)}: value-${i}`),
      },
    ],
  },
];

export function classNamed(name: string): HostileClass {
  const c = CLASSES.find((x) => x.name === name);
  if (!c) throw new Error(`no hostile class '${name}'`);
  return c;
}

/** The files of a class at size n, with the witness. */
export function workspaceOf(c: HostileClass, n = c.n): HostileFile[] {
  return [...c.files(n), WITNESS];
}
