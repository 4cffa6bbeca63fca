export default {
  appTitle: 'Praktijkwerkstation',
  language: 'Taal',
  languages: { fr: 'Français', nl: 'Nederlands', en: 'English' },
  save: 'Opslaan',
  cancel: 'Annuleren',
  close: 'Sluiten',
  patientDetails: 'Patiëntgegevens',
  choosePatient: 'Kies een patiënt in de lijst, of maak een nieuwe aan.',
  opening: 'Openen…',
} as const;
