// npm run practice-admin -- set-role <user> <doctor|nurse|secretary|none> --server URL --admin-user U
// npm run practice-admin -- get-role <user> --server URL --admin-user U
// Sets or reads a practice member's role (a `cw-role:` role in `_users`, see shared/auth/roles.ts)
// on Apache CouchDB 3 or the dev server. The admin password comes from --admin-password, the
// PRACTICE_SERVER_ADMIN_PASSWORD environment variable, or the server URL (http://admin:pw@host).
import { parseArgs } from 'node:util';
import { ROLES, isRole, type Role } from '../../shared/auth/roles';
import { PracticeSetupError, getUserRole, setUserRole, type Credentials } from './setup';

const USAGE =
  `usage: npm run practice-admin -- set-role <user> <${ROLES.join('|')}|none> --server URL --admin-user U [--admin-password P]\n` +
  '       npm run practice-admin -- get-role <user> --server URL --admin-user U [--admin-password P]\n' +
  '  (the password may also come from PRACTICE_SERVER_ADMIN_PASSWORD or the URL, http://admin:pw@host:5984;\n' +
  '   "none" removes the role: a person without one is a doctor)';

function fail(message: string, code = 2): never {
  process.stderr.write(`practice-admin: ${message}\n${code === 2 ? USAGE + '\n' : ''}`);
  process.exit(code);
}

type Command = { conn: { serverUrl: string; admin: Credentials }; user: string } & (
  { kind: 'set-role'; role: Role | null } | { kind: 'get-role' }
);

function connection(server: string | undefined, user: string | undefined, password: string | undefined) {
  if (!server) fail('--server is required');
  let u: URL;
  try {
    u = new URL(server);
  } catch {
    fail(`--server is not a URL: ${server}`);
  }
  const username = user ?? (u.username ? decodeURIComponent(u.username) : undefined);
  const pw =
    password ?? process.env.PRACTICE_SERVER_ADMIN_PASSWORD ?? (u.password ? decodeURIComponent(u.password) : undefined);
  if (!username || !pw) fail('the server admin user and password are required');
  u.username = '';
  u.password = '';
  return { serverUrl: u.toString().replace(/\/+$/, ''), admin: { username, password: pw } };
}

function parse(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        server: { type: 'string' },
        'admin-user': { type: 'string' },
        'admin-password': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  const [kind, user, role, ...rest] = positionals;
  if (!user) fail('name the user');
  const conn = connection(values.server, values['admin-user'], values['admin-password']);
  if (kind === 'get-role' && role === undefined) return { kind, conn, user };
  if (kind !== 'set-role' || rest.length > 0) fail(`unknown command: ${positionals.join(' ')}`);
  if (role !== 'none' && !isRole(role)) fail(`unknown role ${JSON.stringify(role)}: one of ${ROLES.join(', ')}, none`);
  return { kind, conn, user, role: role === 'none' ? null : role };
}

async function main(): Promise<void> {
  const cmd = parse(process.argv.slice(2));
  if (cmd.kind === 'set-role') {
    await setUserRole(cmd.conn, cmd.user, cmd.role);
    process.stdout.write(`${cmd.user}: ${cmd.role ?? 'no role (a doctor)'}\n`);
  } else {
    process.stdout.write(`${await getUserRole(cmd.conn, cmd.user)}\n`);
  }
}

main().catch((err: unknown) => {
  fail(err instanceof PracticeSetupError || err instanceof Error ? err.message : String(err), 1);
});
