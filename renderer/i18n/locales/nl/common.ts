export default {
  appTitle: 'Praktijkwerkstation',
  language: 'Taal',
  languages: { fr: 'Français', nl: 'Nederlands', en: 'English' },
  save: 'Opslaan',
  cancel: 'Annuleren',
  close: 'Sluiten',
} as const;
