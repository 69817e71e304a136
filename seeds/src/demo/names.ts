/**
 * Names and birth places the demo draws from. Every person of the demo is fictional: names are
 * combined at random; only the place codes are real (INSEE Code officiel géographique).
 */
export const girlFirstNames = [
  'Éloïse', 'Zoé', 'Anaïs', 'Inès', 'Chloé', 'Aïcha', 'Léa', 'Manon', 'Jade', 'Louise', 'Camille', 'Maëlys',
  'Lina', 'Yasmine', 'Fatoumata', 'Mariam', 'Sarah', 'Emma', 'Romane', 'Océane', 'Noémie', 'Léna', 'Héloïse',
  'Salomé', 'Kenza', 'Nour', 'Amina', 'Clémence', 'Maëlle', 'Elif', 'Awa', 'Agathe', 'Thaïs', 'Célia',
  'Mélissa', 'Naëlle', 'Aya', 'Hanna', 'Marie-Lou', 'Ornella', 'Ioana', 'Ambre',
] as const;

export const boyFirstNames = [
  'Noé', 'Maël', 'Yanis', 'Lucas', 'François', 'Léo', 'Hugo', 'Théo', 'Nathan', 'Mathéo', 'Adam', 'Rayan',
  'Ilyès', 'Mamadou', 'Moussa', 'Karim', 'Enzo', 'Timéo', 'Gaël', 'Loïc', 'Jérémy', 'Samuel', 'Élias',
  'Ibrahim', 'Yacine', 'Kylian', 'Baptiste', 'Clément', 'Mehdi', 'Sacha', 'Raphaël', 'Anis', 'Joël',
  'Aurélien', 'Hamza', 'Ethan', 'Bilal', 'Jules', 'Ousmane', 'Jean-Baptiste', 'Andreï', 'Tiago',
] as const;

/** Second and third first names of the civil status (the RNIV records them all, in order). */
export const middleNames = {
  F: ['Marie', 'Anne', 'Rose', 'Fatima', 'Louise', 'Hélène', 'Khadija', 'Élise', 'Aminata', 'Joséphine'],
  M: ['Pierre', 'Jean', 'Mohamed', 'Louis', 'André', 'Ali', 'René', 'Amadou', 'Joseph', 'Émile'],
} as const;

export const surnames = [
  'Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Girard', 'Lambert', 'Fontaine', 'Rousseau', 'Mercier',
  'Faure', 'Chevalier', 'Gauthier', 'Perrin', 'Morel', 'Guérin', 'Hébert', 'Ménard', 'Lemaître', 'Barré',
  'Benali', 'Haddad', 'Bouzid', 'Chérif', 'Mansouri', 'Saïdi', 'Benaïssa', 'El Amrani', 'Traoré', 'Diallo',
  'Koné', 'Ndiaye', 'Camara', 'Sissoko', "N'Guessan", 'Mbemba', 'Nguyen', 'Tran', 'Pereira', 'Da Silva',
  'Fernandes', 'Gómez', 'Popescu', 'Yılmaz', 'Özdemir', 'Kowalski', 'Le Goff', 'Le Gall', 'Petitjean', 'Roux',
] as const;

export const adultFirstNames = [
  'Nathalie', 'Sébastien', 'Karine', 'Stéphane', 'Sandrine', 'Frédéric', 'Hélène', 'Céline', 'Jérôme', 'Samira',
  'Rachid', 'Aurélie', 'Thierry', 'Véronique', 'Mohamed', 'Fatima', 'Christophe', 'Élodie', 'Guillaume', 'Nadia',
  'Émilie', 'Julien', 'Hervé', 'Sophie', 'Laurent', 'Djamila', 'Cédric', 'Amélie', 'Grégory', 'Bénédicte',
  'Mariama', 'Thomas', 'Isabelle', 'Yannick', 'Leïla', 'Olivier', 'Agnès', 'Rémi', 'Chantal', 'Malik',
] as const;

/** Communes where the children were born: mostly the Rhône, where the demo association works. */
export const rhoneBirthPlaces = [
  '69381', '69383', '69384', '69386', '69388', '69389', // Lyon 1er, 3e, 4e, 6e, 8e, 9e
  '69266', '69259', '69256', '69029', '69290', '69264', '69091', '69286', '69034', '69243', '69275',
] as const;

export const frenchBirthPlaces = [
  '75111', '75118', '75120', '13203', '13215', '31555', '33063', '59350', '67482', '44109', '06088', '34172',
  '35238', '38185', '42218', '93066', '2A004', '97411', '63113', '21231', '76540', '01053', '26362', '73065',
] as const;

/** Countries of birth (INSEE codes 99xxx): Algérie, Maroc, Tunisie, Sénégal, Mali, Côte d'Ivoire, Cameroun, RD Congo, Comores, Afghanistan, Syrie, Roumanie, Ukraine, Portugal. */
export const foreignBirthPlaces = [
  '99352', '99350', '99351', '99341', '99335', '99326', '99322', '99312', '99397', '99212', '99206', '99114', '99155', '99139',
] as const;
