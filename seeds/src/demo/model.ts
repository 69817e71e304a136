/** The demo data as plain objects: what the generator produces and the loader writes. */
import type { CareTeamRole, EstablishmentType, IdentityDocumentType, IdentityStatus, IdentityTraits, LegalBasis } from '@cordee/core';
import type { DossierStatus } from '@cordee/db';

export interface DemoUnit {
  key: string;
  name: string;
  capacity: number;
}

export interface DemoEstablishment {
  key: string;
  name: string;
  type: EstablishmentType;
  finessGeographique: string;
  capacity: number;
  units: DemoUnit[];
}

export interface DemoOrganisme {
  name: string;
  finessJuridique: string;
}

/** A profile held by a demo account: in the whole organisme (no establishment), an establishment, or one unit of it. */
export interface DemoAssignment {
  profileKey: string;
  /** Staff belong to the organisme; portal accounts (usager, tap) do not. */
  inOrganisme: boolean;
  establishmentKey: string | null;
  unitKey: string | null;
  validFrom: string;
}

export interface DemoAccount {
  login: string;
  displayName: string;
  email: string;
  assignments: DemoAssignment[];
}

export interface DemoPlacement {
  establishmentKey: string;
  unitKey: string | null;
  startDate: string;
  endDate: string | null;
  legalBasis: LegalBasis;
  decisionReference: string;
}

export interface DemoCareTeamMember {
  login: string;
  role: CareTeamRole;
  startDate: string;
  endDate: string | null;
}

/** How the identity was verified: the document checked and/or the INS returned by INSi (test OID: fictional). */
export interface DemoIdentityCheck {
  status: IdentityStatus;
  documentType: IdentityDocumentType | null;
  checkedOn: string;
  ins: { matricule: string; oid: string } | null;
}

export interface DemoChild {
  key: string;
  identity: IdentityTraits;
  identityCheck: DemoIdentityCheck | null;
  status: Exclude<DossierStatus, 'archived'>;
  establishmentKey: string;
  unitKey: string | null;
  /** The day the dossier was opened (application, or first admission). */
  openedOn: string;
  placements: DemoPlacement[];
  careTeam: DemoCareTeamMember[];
}

export interface DemoPortalLink {
  login: string;
  childKey: string;
  relation: 'usager' | 'legal_representative';
}

export interface DemoData {
  seed: number;
  today: string;
  organisme: DemoOrganisme;
  establishments: DemoEstablishment[];
  accounts: DemoAccount[];
  children: DemoChild[];
  portalLinks: DemoPortalLink[];
}
