// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * The layers of src/ and what each may import (docs/architecture.md, "Layers"): `may` freely (a
 * `layer/module` entry allows that one module of the layer), `types` with `import type` only; any
 * other layer is refused. The composition roots (main.ts, server/, graphql/, http/app.ts, every
 * cli/ folder) wire everything together and are not restricted.
 */
const LAYERS = {
  entities: { may: [] },
  config: { may: ['entities'] },
  db: { may: ['entities', 'config'] },
  auth: { may: ['entities', 'config', 'domain'] },
  domain: { may: ['entities', 'db/sqlTemplate'], types: ['config'] },
  policies: { may: ['entities', 'domain', 'db/sqlTemplate', 'auth/viewer'], types: ['config'] },
  queries: { may: ['entities', 'domain', 'policies', 'db', 'auth/viewer'], types: ['config'] },
  exports: {
    may: ['entities', 'domain', 'policies', 'queries', 'db', 'auth/viewer'],
    types: ['config'],
  },
  imports: {
    may: ['entities', 'domain', 'policies', 'queries', 'db', 'exports', 'auth/viewer'],
    types: ['config'],
  },
  mail: { may: [], types: ['config'] },
  observability: { may: [] },
  services: {
    may: [
      'mail',
      'entities',
      'domain',
      'policies',
      'queries',
      'db',
      'exports',
      'imports',
      'auth/viewer',
      'auth/loadViewer',
    ],
    types: ['config'],
  },
  schema: { may: ['entities', 'domain'], types: ['queries', 'services'] },
  resolvers: {
    may: ['services', 'queries', 'schema', 'policies', 'domain', 'entities', 'auth/viewer'],
    types: ['config'],
  },
  http: {
    may: [
      'services',
      'queries',
      'exports',
      'schema',
      'policies',
      'domain',
      'entities',
      'auth',
      'config',
      'observability',
    ],
  },
};
const ROOTS = ['graphql', 'main', 'server'];
const ROOT_FILES = [
  'src/main.ts',
  'src/server/**',
  'src/graphql/**',
  'src/http/app.ts',
  'src/**/cli/**',
];

/** A relative import of a top-level module of src/ (a folder, or config.ts / main.ts). */
const into = (module) => `^(\\.{1,2}/)+${module}(/|$)`;

/** A relative import of the folder `module` other than its files `allowed`. */
const intoExcept = (module, allowed) => `^(\\.{1,2}/)+${module}(/(?!(${allowed.join('|')})$)|$)`;

/** Audit entries are written by services, in the transaction of the change they record. */
const auditWrites = {
  regex: into('domain/audit'),
  importNames: ['recordAudit'],
  message: 'Adapters do not write audit events: call a service (src/services/).',
};

/** Rules beyond the layer table. */
const EXTRA = {
  policies: [
    {
      regex: into('db/sqlTemplate'),
      importNames: ['query'],
      message: 'Policies never run SQL: the facts they judge are loaded by src/queries/facts.ts.',
    },
    { group: ['@mikro-orm/*'], message: 'Policies never touch the database.' },
  ],
  resolvers: [auditWrites],
  http: [auditWrites],
};

function importRules(layer, alsoMay = []) {
  const { may, types = [] } = LAYERS[layer];
  const allowed = [...may, ...alsoMay];
  const refused = [...Object.keys(LAYERS), ...ROOTS].filter(
    (other) => other !== layer && !allowed.includes(other),
  );
  const patterns = refused.map((other) => {
    const typesOnly = types.includes(other);
    const partly = allowed
      .filter((entry) => entry.startsWith(`${other}/`))
      .map((entry) => entry.slice(other.length + 1));
    return {
      regex: partly.length ? intoExcept(other, partly) : into(other),
      ...(typesOnly ? { allowTypeImports: true } : {}),
      message: `${layer} must not import ${partly.length ? `${other} other than ${partly.join(', ')}` : other}${typesOnly ? ' except types' : ''}: see docs/architecture.md, "Layers".`,
    };
  });
  return {
    'no-restricted-imports': ['error', { patterns: [...patterns, ...(EXTRA[layer] ?? [])] }],
  };
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      'coverage/',
      'test-output/',
      'docs/operations/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  ...Object.keys(LAYERS).map((layer) => ({
    files: layer === 'config' ? ['src/config.ts'] : [`src/${layer}/**/*.{ts,tsx}`],
    ignores: ROOT_FILES,
    rules: importRules(layer),
  })),
  {
    // The demo seed builds records the way the domain does (public titles): data, not a layer.
    files: ['src/db/seed/**/*.ts'],
    rules: importRules('db', ['domain']),
  },
  {
    // A transaction is opened by a service (inTransaction, src/services/funnel.ts) and nowhere else.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/services/**', 'src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='transactional']",
          message: 'Only services open transactions: call a service (src/services/).',
        },
      ],
    },
  },
  {
    // Tests read JSON responses whose shape the assertions check.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/**/cli/*.ts', 'bench/**/*.ts', 'src/main.ts'],
    rules: { 'no-console': 'off' },
  },
);
