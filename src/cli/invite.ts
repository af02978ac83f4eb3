import { createApp, StartupError } from '../app';
import { resolveTarget } from '../bot/commands/registration';
import { timeZoneOf } from '../bot/deps';
import { loadConfig } from '../config';
import { loadEnvFile } from '../env';
import { plain } from '../core/messages/format';
import { inviteCreatedMessage } from '../core/messages/registration';
import { createLogger } from '../log';

/**
 * `npm run invite -- "<unit name | vhxh | lanhdao | giamsat <body>>"`: prints a one-time code that binds a
 * chat to a unit or a role. The administrator uses it for the first office invitation.
 */
function main(): number {
  const name = process.argv.slice(2).join(' ').trim();
  if (!name) {
    process.stderr.write('Usage: npm run invite -- "<unit name | vhxh | lanhdao | giamsat <body>>"\n');
    return 2;
  }
  loadEnvFile();
  const config = loadConfig();
  const app = createApp(config, { logger: createLogger('warn') });
  try {
    const { deps } = app;
    const target = resolveTarget(deps, name);
    if ('error' in target) {
      process.stderr.write(`${plain(target.error)}\n`);
      return 1;
    }
    const now = deps.clock();
    const unitId = target.role === 'leader' ? null : target.unit.id;
    const invite = deps.invites.create(target.role, unitId, 'terminal', now, deps.settings.inviteTtlHours);
    deps.audit.write(now, null, 'admin', 'invite', { role: target.role, unitId, via: 'terminal' });
    process.stdout.write(
      `${plain(inviteCreatedMessage(invite.code, target, invite.expiresAt, timeZoneOf(deps)))}\n`,
    );
    return 0;
  } finally {
    app.close();
  }
}

try {
  process.exitCode = main();
} catch (err) {
  process.stderr.write(`${err instanceof StartupError ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
