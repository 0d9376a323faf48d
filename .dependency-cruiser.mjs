/**
 * The layering of src/ (README "Code layout"), checked: `npm run check:layers`, and in `npm test` by
 * tests/unit/layering.test.ts. Each rule says why; an exception names its files and what would remove it.
 */

/** What the domain may use besides itself: arithmetic, dates and schemas, no I/O and no framework. */
const DOMAIN_LIBRARIES = 'node_modules/(decimal\\.js|luxon|zod)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules that import each other cannot be understood, tested or loaded one at a time. Known ' +
        'exception, to remove: plan-extraction/booleans.ts takes the type PlanLine from lines.ts, which ' +
        'takes OUTCOME_VERBS from booleans.ts (move OUTCOME_VERBS, or PlanLine, into a module of its own).',
      from: { path: '^src/', pathNot: '^src/domain/plan-extraction/(booleans|lines)\\.ts$' },
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'src/domain imports only src/domain and decimal.js, luxon, zod: no I/O, no framework (Prisma, ' +
        'i18next, pino, telegraf, node-cron…), nothing of the layers above. A message leaves it as an ' +
        'i18n key (src/domain/message.ts).',
      from: { path: '^src/domain/' },
      to: { pathNot: [`^src/domain/`, DOMAIN_LIBRARIES] },
    },
    {
      name: 'dialog-is-channel-and-storage-agnostic',
      severity: 'error',
      comment:
        'src/dialog imports only src/dialog, src/domain and the domain libraries: no telegraf, Prisma, ' +
        'i18next, node-cron, pino, no store or service implementation (storage goes through ' +
        'src/dialog/ports.ts). It may use the text views of src/reports/progress-view.ts, which are ' +
        'pure (see reports-only-domain), and of src/reports/ranking-view.ts (`/xephang`); the chart and ' +
        'the Excel files are injected.',
      from: { path: '^src/dialog/' },
      to: {
        pathNot: ['^src/(dialog|domain)/', '^src/reports/(progress|ranking)-view\\.ts$', DOMAIN_LIBRARIES],
      },
    },
    {
      name: 'reports-only-domain',
      severity: 'error',
      comment:
        'src/reports renders domain data (and may use i18n and its rendering libraries): it does not ' +
        'reach into services, the dialog, channels, delivery, storage or the command line.',
      from: { path: '^src/reports/' },
      to: {
        path: '^src/(services|dialog|channels|delivery|store|cli|web)/|^src/main\\.ts$',
        pathNot: '^src/services/progress\\.ts$',
      },
    },
    {
      name: 'reports-progress-type-only',
      severity: 'error',
      comment:
        'Known exception, to remove: progress-chart/json/xlsx.ts import the type ProgressReportData ' +
        'through services/progress.ts, which re-exports it from src/domain/progress. Import it from ' +
        'src/domain/progress/index.js instead (the reports rewrite), then drop the pathNot above. ' +
        'Anything but that type-only import is a violation.',
      from: { path: '^src/reports/' },
      to: { path: '^src/services/progress\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'services-not-above',
      severity: 'error',
      comment:
        'src/services are use cases: they do not import channels, the command line, the composition ' +
        'root or the dialog engine (only the dialog contract: types.ts, ports.ts). A channel sender ' +
        'reaches them from src/main.ts.',
      from: { path: '^src/services/' },
      to: {
        path: '^src/(channels|cli|web)/|^src/main\\.ts$|^src/dialog/',
        pathNot: '^src/dialog/(types|ports)\\.ts$',
      },
    },
    {
      name: 'channels-not-storage',
      severity: 'error',
      comment:
        'Channel adapters are thin: they talk to the dialog engine, never to the database (src/store, ' +
        'Prisma, the drivers).',
      from: { path: '^src/channels/' },
      to: {
        path: '^src/store/|node_modules/(@prisma|prisma|better-sqlite3|pg)/|node_modules/@prisma/adapter',
      },
    },
    {
      name: 'channels-only-delivery-contract',
      severity: 'error',
      comment:
        "A channel's outbox sender implements src/delivery/types.ts; the worker itself (and its storage) " +
        'is none of the channel’s business.',
      from: { path: '^src/channels/' },
      to: { path: '^src/delivery/', pathNot: '^src/delivery/types\\.ts$' },
    },
    {
      name: 'delivery-not-channels',
      severity: 'error',
      comment:
        'The delivery worker sends through the SendFn it is given (src/channels/*/outbox-sender.ts, ' +
        "wired in src/main.ts): it never imports a channel's renderer or API. backoff.ts is the " +
        'shared abortable sleep.',
      from: { path: '^src/delivery/' },
      to: {
        path: ['^src/(channels|services|cli|web|reports)/', '^src/dialog/(?!types\\.ts$)', '^src/main\\.ts$'],
        pathNot: '^src/channels/backoff\\.ts$',
      },
    },
    {
      name: 'store-below-services',
      severity: 'error',
      comment:
        'src/store opens the database, migrates it and holds the generated clients: it imports no ' +
        'service, dialog, channel, delivery, report or command-line module.',
      from: { path: '^src/store/' },
      to: { path: '^src/(services|dialog|channels|delivery|reports|cli|web)/|^src/main\\.ts$' },
    },
    {
      name: 'cli-is-an-entry-point',
      severity: 'error',
      comment: 'Only bin/ imports src/cli: nothing in src/ depends on the command line.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'main-is-the-composition-root',
      severity: 'error',
      comment: 'src/main.ts wires the bot; only the command line (tiendo start) calls it.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/main\\.ts$' },
    },
    {
      name: 'wiring-only-at-the-root',
      severity: 'error',
      comment:
        'The pieces that assemble the bot — the dialog engine, the dialog store, the channel adapters ' +
        'and their outbox senders — are created only in src/main.ts and src/cli.',
      from: { path: '^src/', pathNot: '^src/(main\\.ts$|cli/)' },
      to: {
        path: [
          '^src/dialog/engine\\.ts$',
          '^src/services/dialog-store/index\\.ts$',
          '^src/channels/[^/]+/adapter\\.ts$',
          '^src/channels/outbox-senders\\.ts$',
        ],
      },
    },
    {
      name: 'web-is-a-thin-surface',
      severity: 'error',
      comment:
        'The future src/web (HTTP: webhooks, signed links, pages, health) may use services, the domain, ' +
        'reports and i18n; not the database directly, not the channels (a webhook body is handed to ' +
        'the handler the composition root gives it), nor the dialog engine or the delivery worker.',
      from: { path: '^src/web/' },
      to: {
        path: '^src/(store|channels|delivery|cli)/|^src/main\\.ts$|^src/dialog/|node_modules/(@prisma|prisma)/',
        pathNot: '^src/dialog/types\\.ts$|^src/store/database\\.ts$',
      },
    },
    {
      name: 'web-holds-the-database-handle-only',
      severity: 'error',
      comment:
        'src/web is given the database handle by the composition root and passes it to the services: ' +
        'it may name its type (store/database.ts), never open or query through the store itself.',
      from: { path: '^src/web/' },
      to: { path: '^src/store/database\\.ts$', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: ['node_modules', '^src/store/generated/'] },
    moduleSystems: ['es6'],
  },
};
