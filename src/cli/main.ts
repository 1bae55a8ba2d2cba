/**
 * The `openings` command line. It only wires options to commands; the work is done in the
 * pipeline, the lifecycle, the feeds and the server. Each command's module is imported when that
 * command runs (new commands too), so `--help` loads none and a command only what it uses.
 */
import { Command, CommanderError, Option } from 'commander';
import { createLogger, type Logger } from '../log.ts';
import { EXIT_USAGE, endQuietlyWhenReaderLeaves, reportFailure } from './errors.ts';
import { databasePath, type GlobalOptions } from './global-options.ts';
import { portNumber } from './options.ts';

// Made when a command needs it: `status`, `export` and the other readers never log.
let logger: Logger | undefined;
const log = (): Logger => (logger ??= createLogger());
const program = new Command();
endQuietlyWhenReaderLeaves(process.stdout);

// Set before the commands are added, which inherit them: usage errors are one line and exit 2.
program
  .name('openings')
  .description(
    'Watches the public job portals for the openings of the configured public employers (PEReN by default), keeps them in SQLite and publishes one set of feeds per employer.',
  )
  .option('--config <file>', 'configuration file (default: ./openings.config.json when present)')
  .option('--db <path>', 'SQLite database file (default: ./data/openings.db, or $OPENINGS_DB)')
  .configureOutput({
    outputError: (message, write) => write(`openings: ${message.replace(/^error: /, '').trimEnd()} (see --help)\n`),
  })
  .exitOverride();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Runs a command and turns its result or failure into the process exit code. */
function action<A extends unknown[]>(run: (...args: A) => number | Promise<number>) {
  return async (...args: A) => {
    try {
      process.exitCode = await run(...args);
    } catch (error) {
      process.exitCode = reportFailure(error, databasePath(globals()), log());
    }
  };
}

program
  .command('scrape')
  .description('one run of the enabled sources; exit 0 only if every source run was healthy')
  .option('--source <id>', 'run only this source (repeatable)', collect)
  .action(
    action(async (opts: { source?: string[] }) =>
      (await import('./commands/scrape.ts')).scrapeCommand({ ...globals(), ...opts }, log()),
    ),
  );

program
  .command('serve')
  .description('serve the feeds, the API and the page')
  .option('--host <host>', 'address to listen on (default from config: 127.0.0.1)')
  .option('--port <port>', 'port to listen on (default from config: 8080)', portNumber)
  .action(
    action(async (opts: { host?: string; port?: number }) =>
      (await import('./commands/serve.ts')).serveCommand({ ...globals(), ...opts }, log()),
    ),
  );

program
  .command('daemon')
  .description('serve, and scrape at start and on the configured cron schedule (no overlapping runs)')
  .action(action(async () => (await import('./commands/daemon.ts')).daemonCommand(globals(), log())));

program
  .command('export')
  .description(
    'write a feed (open openings by default, or --feed events), or the calendar of deadlines (--format ics), to a file or stdout',
  )
  .addOption(
    new Option('--format <format>', 'feed format, or ics for the deadlines calendar')
      .choices(['rss', 'atom', 'json', 'ics'])
      .makeOptionMandatory(),
  )
  .addOption(
    new Option('--feed <feed>', 'which feed: open openings, or the events')
      .choices(['openings', 'events'])
      .default('openings'),
  )
  .option('--out <file>', 'output file (default: stdout)')
  .option('--limit <n>', 'items in the feed (default from config: server.pageSize)')
  .option('--org <id>', 'the organisation (needed when the configuration names several)')
  .action(
    action(async (opts: { format: string; feed: string; out?: string; limit?: string; org?: string }) =>
      (await import('./commands/export.ts')).exportCommand({ ...globals(), ...opts }),
    ),
  );

program
  .command('status')
  .description('per source: last run, result, counts; per posting: first/last seen. Exit 1 when a source is stale')
  .option('--json', 'machine-readable output')
  .option('--org <id>', "only this organisation's postings and openings")
  .action(
    action(async (opts: { json?: boolean; org?: string }) =>
      (await import('./commands/status.ts')).statusCommand({ ...globals(), ...opts }),
    ),
  );

program
  .command('missed')
  .description(
    'offers the weekly open-data file lists as active on its date that no CSP run saw; exit 0 none, 1 some, 2 cannot tell',
  )
  .option('--json', 'machine-readable output')
  .option('--org <id>', 'only this organisation (default: every one)')
  .action(
    action(async (opts: { json?: boolean; org?: string }) =>
      (await import('./commands/missed.ts')).missedCommand({ ...globals(), ...opts }),
    ),
  );

program
  .command('employers')
  .description("the weekly open-data file's employers with their organisme and active offers, filtered by words")
  .argument('[words...]', 'words every listed employer or organisme contains')
  .option('--json', 'machine-readable output')
  .action(
    action(async (words: string[], opts: { json?: boolean }) =>
      (await import('./commands/employers.ts')).employersCommand(words, { ...globals(), ...opts }),
    ),
  );

program
  .command('parse')
  .description('print as JSON the normalised postings found in a saved page or feed, unfiltered')
  .requiredOption('--source <id>', 'source whose parser reads the file')
  .option('--url <url>', 'URL the page was saved from (resolves relative links)')
  .argument('<file>', 'saved page or feed')
  .action(
    action(async (file: string, opts: { source: string; url?: string }) =>
      (await import('./commands/parse.ts')).parseCommand(file, {
        ...opts,
        ...(globals().config ? { config: globals().config! } : {}),
      }),
    ),
  );

program
  .command('reconcile')
  .description(
    "compare an organisation's hiring pages with the portals' openings; exit 1 when a finding is an error (a tile points at a closed offer)",
  )
  .option('--json', 'machine-readable output')
  .option('--org <id>', 'the organisation (needed when several have hiring pages)')
  .action(
    action(async (opts: { json?: boolean; org?: string }) =>
      (await import('./commands/reconcile.ts')).reconcileCommand({ ...globals(), ...opts }),
    ),
  );

program
  .command('hiring-page')
  .description(
    "print the hiring page's openings section written from the openings (or --write it into FILE); exit 0 unchanged, 1 changed",
  )
  .addOption(new Option('--lang <lang>', 'which page').choices(['fr', 'en']).makeOptionMandatory())
  .option('--write', 'replace the section in FILE, leaving every other byte as it was')
  .option('--org <id>', 'the organisation (needed when several have hiring pages)')
  .argument('[file]', "the page's Hugo content file (default: the page as the last scrape read it)")
  .action(
    action(async (file: string | undefined, opts: { lang: 'fr' | 'en'; write?: boolean; org?: string }) =>
      (await import('./commands/hiring-page.ts')).hiringPageCommand(file, { ...globals(), ...opts }),
    ),
  );

program
  .command('link')
  .description('say that a posting is the same post as another (moves it into that opening; kept by later runs)')
  .argument('<posting>', 'posting to move, as <source>:<sourceId> (e.g. csp:MEF_2026-32366)')
  .argument('<target>', 'posting (<source>:<sourceId>) or opening uid whose opening it joins')
  .option('--org <id>', 'the organisation (needed when the configuration names several)')
  .action(
    action(async (posting: string, target: string, opts: { org?: string }) =>
      (await import('./commands/manual.ts')).linkCommand(posting, target, { ...globals(), ...opts }),
    ),
  );

program
  .command('unlink')
  .description('take a posting out of its opening into one of its own (kept apart by later runs)')
  .argument('<posting>', 'posting as <source>:<sourceId>')
  .option('--org <id>', 'the organisation (needed when the configuration names several)')
  .action(
    action(async (posting: string, opts: { org?: string }) =>
      (await import('./commands/manual.ts')).unlinkCommand(posting, { ...globals(), ...opts }),
    ),
  );

program
  .command('close')
  .description('close a posting by hand (filled or withdrawn while a portal still lists it); later runs keep it closed')
  .argument('<posting>', 'posting as <source>:<sourceId>')
  .option('--note <text>', 'why, shown in the history')
  .option('--org <id>', 'the organisation (needed when the configuration names several)')
  .action(
    action(async (posting: string, opts: { note?: string; org?: string }) =>
      (await import('./commands/manual.ts')).closeCommand(posting, { ...globals(), ...opts }),
    ),
  );

program
  .command('reopen')
  .description('undo `close`: the posting is open again and runs decide its state')
  .argument('<posting>', 'posting as <source>:<sourceId>')
  .option('--org <id>', 'the organisation (needed when the configuration names several)')
  .action(
    action(async (posting: string, opts: { org?: string }) =>
      (await import('./commands/manual.ts')).reopenCommand(posting, { ...globals(), ...opts }),
    ),
  );

program
  .command('doctor')
  .description(
    'first contact with the live portals: fetch one round of each channel, report per page, verdict per source; exit 1 when a source is broken',
  )
  .option('--source <id>', 'probe only this source (repeatable)', collect)
  .option('--save <dir>', 'write every fetched body as a fixture portal, one folder per source, personal data replaced')
  .option('--json', 'machine-readable output')
  .action(
    action(async (opts: { source?: string[]; save?: string; json?: boolean }) =>
      (await import('./commands/doctor.ts')).doctorCommand({ ...globals(), ...opts }, log()),
    ),
  );

const notify = program.command('notify').description('notifications: test the channels, deliver what is due');
notify
  .command('test')
  .description(
    'send a test message through each configured channel (or one) and print what the server answered; exit 1 when one failed',
  )
  .option('--channel <name>', 'only this channel')
  .action(
    action(async (opts: { channel?: string }) => {
      const { notifyTestCommand } = await import('./commands/notify.ts');
      return notifyTestCommand({ ...globals(), ...opts });
    }),
  );
notify
  .command('send')
  .description(
    'deliver the notifications that are due now (scrape and the daemon do it too); exit 1 when one failed for good',
  )
  .action(
    action(async () => {
      const { notifySendCommand } = await import('./commands/notify.ts');
      return notifySendCommand(globals());
    }),
  );

program
  .command('demo')
  .description('offline demo: serve the bundled fixture portals, scrape them, serve the result')
  .option('--port <port>', 'port for the server (default 8080)', portNumber)
  .option('--once', 'scrape, print the URLs and exit instead of serving until Ctrl-C')
  .option(
    '--organisations',
    'three organisations in one deployment (PEReN, and the constructed DINUM and ANSSI of the fixture portals)',
  )
  .action(
    action(async (opts: { port?: number; once?: boolean; organisations?: boolean }) =>
      (await import('./commands/demo.ts')).demoCommand(opts, log()),
    ),
  );

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Help and version end with 0; every other complaint of the parser is a usage error.
  if (!(error instanceof CommanderError)) throw error;
  process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
}
