export default {
  appTitle: 'Clinic Workstation',
  language: 'Language',
  languages: { fr: 'Français', nl: 'Nederlands', en: 'English' },
  save: 'Save',
  cancel: 'Cancel',
  close: 'Close',
  patientDetails: 'Patient details',
  choosePatient: 'Choose a patient from the list, or create a new one.',
  opening: 'Opening…',
} as const;
