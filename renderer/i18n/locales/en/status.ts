// The status bar: who and where, the connection to the core, the conflict count and notice.
export default {
  label: 'Workstation status',
  user: 'User: {{name}}',
  localUser: 'Local clinician',
  workstation: 'Workstation {{id}}',
  workstationTitle: 'Workstation {{id}} · {{host}} · version {{version}} · data in {{dir}}',
  desktopApp: 'Desktop app',
  browserHost: 'Browser host',
  unavailable: 'Workstation info unavailable: {{error}}',
  loading: 'Loading workstation…',
  connection: {
    connecting: 'Connecting…',
    connected: 'Connected',
    disconnected: 'Disconnected',
    'no-token': 'Not connected',
  },
  banner: {
    noToken:
      'This page was opened without its access token. Open the address the workstation host printed (it ends in ?token=…).',
    lost: 'Connection to the workstation lost. Reconnecting… Changes you make now are not saved until it is back.',
  },
  // Records that go up only with their author's own password, which the server no longer takes.
  waitingFor_one: '{{n}} record waits for {{name}} to sign in again',
  waitingFor_other: '{{n}} records wait for {{name}} to sign in again',
  // A first pull with its estimated time left (the status bar).
  downloading: 'Downloading the practice: {{done}} of {{total}} — {{left}}',
  left: {
    seconds: 'about {{n}} s left',
    minutes: 'about {{n}} min left',
    hours: 'about {{h}} h {{m}} min left',
  },
  // The indexes catching up after a start: lists may miss records meanwhile.
  indexing: {
    short: 'Indexing records: {{done}} of {{total}}',
    title:
      'The workstation is bringing its lists and searches up to date after a restart. Until it ends, a search may miss some records; nothing is lost.',
  },
  conflicts: {
    loading: 'Conflicts: …',
    none: 'No conflicts',
    count_one: '{{n}} conflict',
    count_other: '{{n}} conflicts',
    open: '{{text}}: open the conflicts inbox',
    notifications: 'Conflict notifications',
    review: 'Review conflicts',
    dismiss: 'Dismiss',
    results: 'Conflict results',
  },
} as const;
