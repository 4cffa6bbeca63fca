export default {
  appTitle: 'Clinic Workstation',
  language: 'Language',
  languages: { fr: 'Français', nl: 'Nederlands', en: 'English' },
  save: 'Save',
  cancel: 'Cancel',
  close: 'Close',
} as const;
