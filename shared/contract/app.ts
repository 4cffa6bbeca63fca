// What the workstation says about itself: who and where (app.info), and how far its indexes are
// behind the local database (a long catch-up at start goes on after the workstation is ready).
import { z } from 'zod';

export const AppInfo = z.object({
  deviceId: z.string(),
  userId: z.string(),
  userName: z.string(),
  healthcarePartyId: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  dataDir: z.string(),
  /** After this long without keyboard or pointer use the screen locks (the practice's setting). */
  idleLockMs: z.number().int().positive(),
});

/**
 * The indexes' catch-up at start: while `indexing`, lists and searches answer from what is
 * indexed so far. `total` is how many changes the local database was ahead when it began.
 */
export const IndexProgress = z.object({
  indexing: z.boolean(),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});
