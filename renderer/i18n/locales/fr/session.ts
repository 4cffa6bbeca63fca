export default {
  starting: 'Démarrage…',
  startError: 'Le poste de travail ne répond pas : {{error}}',
  signIn: {
    title: 'Connexion',
    intro: 'Connectez-vous avec votre propre compte du cabinet.',
    username: 'Nom d’utilisateur',
    password: 'Mot de passe',
    submit: 'Se connecter',
    signingIn: 'Connexion…',
    back: 'Retour à l’écran verrouillé',
  },
  setup: {
    none: 'Aucun serveur du cabinet n’est encore configuré sur ce poste. La première connexion de chaque personne ici en a besoin.',
    open: 'Configurer le serveur du cabinet',
  },
  lock: {
    title: 'Verrouillé par {{name}}',
    intro:
      'Seul·e {{name}} peut déverrouiller. Une autre personne peut changer d’utilisateur : {{name}} est alors déconnecté·e.',
    password: 'Mot de passe',
    unlock: 'Déverrouiller',
    unlocking: 'Déverrouillage…',
    switchUser: 'Changer d’utilisateur',
  },
  header: {
    region: 'Connecté',
    who: '{{name}}, {{role}}',
    lock: 'Verrouiller',
    lockShortcut: 'Verrouiller l’écran (Ctrl+L)',
    signOut: 'Se déconnecter',
  },
  wait: {
    seconds: '{{s}} s',
    minutes: '{{m}} min {{s}} s',
    left: 'Vous pourrez réessayer dans {{time}}.',
  },
  errors: {
    wrongPassword: 'Nom d’utilisateur ou mot de passe incorrect.',
    wrongPasswordUnlock: 'Mot de passe incorrect.',
    attemptsLeft_one: 'Encore {{count}} essai avant une attente.',
    attemptsLeft_other: 'Encore {{count}} essais avant une attente.',
    nowWait: 'Veuillez patienter avant de réessayer.',
    tooMany: 'Trop de mots de passe incorrects.',
    passwordChanged: 'Votre mot de passe a été changé sur le serveur du cabinet : connectez-vous avec le nouveau.',
    needsServer:
      'Votre première connexion sur ce poste a besoin du serveur du cabinet, injoignable pour l’instant. Vérifiez le réseau, ou demandez à l’informaticien si le serveur est configuré.',
    notMember: 'Ce compte n’est pas membre de ce cabinet. Adressez-vous à l’administrateur du cabinet.',
    invalid: 'Saisissez votre nom d’utilisateur et votre mot de passe.',
    unavailable: 'Le poste n’est pas encore prêt. Réessayez dans un instant.',
    other: 'Connexion impossible : {{error}}',
  },
} as const;
