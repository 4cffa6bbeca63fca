// npm run seed -- --data-dir DIR --patients N [--contacts-per-patient K] [--seed S]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seed } from './seed';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    patients: { type: 'string', default: '1000' },
    'contacts-per-patient': { type: 'string', default: '4' },
    seed: { type: 'string', default: '42' },
  },
});
if (!values['data-dir']) {
  console.error('usage: npm run seed -- --data-dir DIR --patients N [--contacts-per-patient K] [--seed S]');
  process.exit(2);
}
const patients = Number(values.patients);
const perPatient = Number(values['contacts-per-patient']);
if (!Number.isInteger(patients) || patients < 1 || !Number.isInteger(perPatient) || perPatient < 0) {
  console.error('--patients and --contacts-per-patient must be whole numbers');
  process.exit(2);
}
const total = patients * (1 + perPatient);
let last = 0;
const result = await seed({
  dataDir: path.resolve(values['data-dir']),
  patients,
  contactsPerPatient: perPatient,
  seed: Number(values.seed),
  onProgress: (docs) => {
    if (docs - last >= 10_000) {
      last = docs;
      process.stderr.write(`seeded ${docs} of about ${total} documents\n`);
    }
  },
});
console.log(JSON.stringify(result.heavyPatientIds.length ? result : { ...result, heavyPatientIds: undefined }));
