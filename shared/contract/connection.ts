// The values the practice server's connection and a sign-in are given (checked by the contract
// before any handler runs), and the settings as the renderer sees them (never the password).
import { z } from 'zod';

// http(s), a host, an optional port and path; no user or password in it (those go apart).
export const ServerUrl = z
  .string()
  .trim()
  .max(500)
  .regex(
    /^https?:\/\/[A-Za-z0-9.\-[\]:]+(:\d{1,5})?(\/[^\s@?#]*)?$/,
    'enter the server address, e.g. https://couch.clinic.lan:6984 (without user or password)',
  );
// CouchDB's rule for database names.
export const DbName = z
  .string()
  .regex(/^[a-z][a-z0-9_$()+/-]{0,237}$/, 'lower-case letters, digits and _$()+-/ only, starting with a letter');
export const UserName = z.string().trim().min(1, 'enter the user name').max(200);
export const Password = z.string().min(1, 'enter the password').max(1000);

export const SyncSettingsView = z
  .object({
    serverUrl: z.string(),
    db: z.string(),
    username: z.string(),
    hasPassword: z.boolean(),
    enabled: z.boolean(),
  })
  .nullable();
