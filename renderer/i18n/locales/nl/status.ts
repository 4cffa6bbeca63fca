// De statusbalk: wie en waar, de verbinding met de kern, het aantal conflicten en de melding.
export default {
  label: 'Status van het werkstation',
  user: 'Gebruiker: {{name}}',
  localUser: 'Lokale zorgverlener',
  workstation: 'Werkstation {{id}}',
  workstationTitle: 'Werkstation {{id}} · {{host}} · versie {{version}} · gegevens in {{dir}}',
  desktopApp: 'Desktoptoepassing',
  browserHost: 'Browserhost',
  unavailable: 'Gegevens van het werkstation niet beschikbaar: {{error}}',
  loading: 'Werkstation laden…',
  connection: {
    connecting: 'Verbinden…',
    connected: 'Verbonden',
    disconnected: 'Niet verbonden',
    'no-token': 'Geen verbinding',
  },
  banner: {
    noToken:
      'Deze pagina werd geopend zonder toegangstoken. Open het adres dat de host van het werkstation toonde (het eindigt op ?token=…).',
    lost: 'Verbinding met het werkstation verbroken. Opnieuw verbinden… Wijzigingen die u nu maakt, worden pas opgeslagen als ze terug is.',
  },
  // Dossiers die enkel met het wachtwoord van hun auteur omhoog gaan, dat de server niet meer aanvaardt.
  waitingFor_one: '{{n}} record wacht tot {{name}} opnieuw aanmeldt',
  waitingFor_other: '{{n}} records wachten tot {{name}} opnieuw aanmeldt',
  // A first pull with its estimated time left (the status bar).
  downloading: 'De praktijk wordt gedownload: {{done}} van {{total}} — {{left}}',
  left: {
    seconds: 'nog ongeveer {{n}} s',
    minutes: 'nog ongeveer {{n}} min',
    hours: 'nog ongeveer {{h}} u {{m}} min',
  },
  // De indexen die na een start bijwerken: lijsten kunnen intussen dossiers missen.
  indexing: {
    short: 'Dossiers indexeren: {{done}} van {{total}}',
    title:
      'Het werkstation werkt na een herstart zijn lijsten en zoekfuncties bij. Tot het klaar is, kan een zoekopdracht dossiers missen; er gaat niets verloren.',
  },
  conflicts: {
    loading: 'Conflicten: …',
    none: 'Geen conflicten',
    count_one: '{{n}} conflict',
    count_other: '{{n}} conflicten',
    open: '{{text}}: de lijst met conflicten openen',
    notifications: 'Conflictmeldingen',
    review: 'Conflicten bekijken',
    dismiss: 'Sluiten',
    results: 'Resultaten van conflicten',
  },
} as const;
