export default {
  appTitle: 'Poste de travail clinique',
  language: 'Langue',
  languages: { fr: 'Français', nl: 'Nederlands', en: 'English' },
  save: 'Enregistrer',
  cancel: 'Annuler',
  close: 'Fermer',
  patientDetails: 'Détails du patient',
  choosePatient: 'Choisissez un patient dans la liste, ou créez-en un nouveau.',
  opening: 'Ouverture…',
} as const;
