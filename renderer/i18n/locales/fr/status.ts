// La barre d'état : qui et où, la connexion au cœur, le nombre de conflits et leur avis.
export default {
  label: 'État du poste de travail',
  user: 'Utilisateur : {{name}}',
  localUser: 'Clinicien local',
  workstation: 'Poste {{id}}',
  workstationTitle: 'Poste {{id}} · {{host}} · version {{version}} · données dans {{dir}}',
  desktopApp: 'Application de bureau',
  browserHost: 'Hôte navigateur',
  unavailable: 'Informations du poste indisponibles : {{error}}',
  loading: 'Chargement du poste…',
  connection: {
    connecting: 'Connexion…',
    connected: 'Connecté',
    disconnected: 'Déconnecté',
    'no-token': 'Non connecté',
  },
  banner: {
    noToken:
      "Cette page a été ouverte sans son jeton d'accès. Ouvrez l'adresse affichée par l'hôte du poste (elle se termine par ?token=…).",
    lost: 'Connexion au poste de travail perdue. Reconnexion… Les modifications faites maintenant ne sont pas enregistrées avant son retour.',
  },
  // Dossiers envoyés seulement avec le mot de passe de leur auteur, que le serveur n'accepte plus.
  waitingFor_one: '{{n}} dossier attend que {{name}} se reconnecte',
  waitingFor_many: '{{n}} dossiers attendent que {{name}} se reconnecte',
  waitingFor_other: '{{n}} dossiers attendent que {{name}} se reconnecte',
  // A first pull with its estimated time left (the status bar).
  downloading: 'Téléchargement du cabinet : {{done}} sur {{total}} — {{left}}',
  left: {
    seconds: 'environ {{n}} s restantes',
    minutes: 'environ {{n}} min restantes',
    hours: 'environ {{h}} h {{m}} min restantes',
  },
  // Les index qui rattrapent leur retard après un démarrage : les listes peuvent être incomplètes.
  indexing: {
    short: 'Indexation des dossiers : {{done}} sur {{total}}',
    title:
      "Le poste met ses listes et ses recherches à jour après un redémarrage. D'ici là, une recherche peut manquer certains dossiers ; rien n'est perdu.",
  },
  conflicts: {
    loading: 'Conflits : …',
    none: 'Aucun conflit',
    count_one: '{{n}} conflit',
    count_many: '{{n}} conflits',
    count_other: '{{n}} conflits',
    open: '{{text}} : ouvrir la liste des conflits',
    notifications: 'Avis de conflit',
    review: 'Voir les conflits',
    dismiss: 'Ignorer',
    results: 'Résultats des conflits',
  },
} as const;
