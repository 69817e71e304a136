/**
 * The one error catalogue. Every error the API returns has a stable `code` listed here,
 * its HTTP status and the French title shown to users. Programs rely on `code`; never rename one.
 */
export const errorCatalog = {
  VALIDATION_FAILED: { status: 422, title: 'Certaines valeurs saisies sont invalides.' },
  MALFORMED_JSON: { status: 400, title: 'Le corps de la requête n’est pas un JSON valide.' },
  BAD_REQUEST: { status: 400, title: 'La requête est incorrecte.' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Le contenu envoyé est trop volumineux.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Le type de contenu envoyé n’est pas accepté (JSON attendu).' },
  UNAUTHENTICATED: { status: 401, title: 'Vous devez vous connecter.' },
  SESSION_EXPIRED: { status: 401, title: 'Votre session a expiré, veuillez vous reconnecter.' },
  INVALID_CREDENTIALS: { status: 401, title: 'Identifiant ou mot de passe incorrect.' },
  TOTP_REQUIRED: { status: 401, title: 'Le code de vérification à usage unique est requis.' },
  TOTP_INVALID: { status: 401, title: 'Le code de vérification est incorrect.' },
  ACCOUNT_LOCKED: { status: 423, title: 'Compte temporairement verrouillé après plusieurs échecs de connexion.' },
  ACCOUNT_DISABLED: { status: 403, title: 'Ce compte est désactivé.' },
  TOO_MANY_ATTEMPTS: { status: 429, title: 'Trop de tentatives de connexion, réessayez plus tard.' },
  FORBIDDEN: { status: 403, title: 'Vous n’êtes pas habilité à effectuer cette action.' },
  ESTABLISHMENT_NOT_ALLOWED: { status: 403, title: 'Vous n’avez pas de profil dans cet établissement.' },
  NOT_FOUND: { status: 404, title: 'La ressource demandée est introuvable.' },
  ROUTE_NOT_FOUND: { status: 404, title: 'Cette adresse n’existe pas.' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Cette méthode n’est pas permise sur cette adresse.' },
  CONFLICT: { status: 409, title: 'La ressource a été modifiée entre-temps.' },
  ALREADY_EXISTS: { status: 409, title: 'Cet élément existe déjà.' },
  INVALID_FINESS: { status: 422, title: 'Le numéro FINESS est invalide.' },
  INVALID_IDENTITY_TRANSITION: { status: 422, title: 'Ce changement de statut d’identité n’est pas permis.' },
  PLACEMENT_OVERLAP: { status: 422, title: 'Ce placement chevauche un placement existant.' },
  DATABASE_UNAVAILABLE: { status: 503, title: 'La base de données ne répond pas.' },
  INTERNAL: { status: 500, title: 'Une erreur interne est survenue. Elle a été enregistrée.' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalog;
