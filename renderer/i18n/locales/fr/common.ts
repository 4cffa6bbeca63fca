export default {
  appTitle: 'Poste de travail clinique',
  language: 'Langue',
  languages: { fr: 'Français', nl: 'Nederlands', en: 'English' },
  save: 'Enregistrer',
  cancel: 'Annuler',
  close: 'Fermer',
} as const;
