import { TranslatableString, englishStringTranslator } from '@rjsf/utils';

/** rjsf's own words (buttons, list labels) in French; placeholders %1, %2 as rjsf fills them. */
const fr: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: 'Élément',
  [TranslatableString.MissingItems]: 'Définition des éléments manquante',
  [TranslatableString.EmptyArray]: 'Aucun élément. Utilisez le bouton ci-dessous pour en ajouter.',
  [TranslatableString.YesLabel]: 'Oui',
  [TranslatableString.NoLabel]: 'Non',
  [TranslatableString.CloseLabel]: 'Fermer',
  [TranslatableString.ErrorsLabel]: 'Erreurs',
  [TranslatableString.NewStringDefault]: 'Nouvelle valeur',
  [TranslatableString.AddButton]: 'Ajouter',
  [TranslatableString.AddItemButton]: 'Ajouter un élément',
  [TranslatableString.CopyButton]: 'Copier',
  [TranslatableString.MoveDownButton]: 'Descendre',
  [TranslatableString.MoveUpButton]: 'Monter',
  [TranslatableString.RemoveButton]: 'Supprimer',
  [TranslatableString.NowLabel]: 'Maintenant',
  [TranslatableString.ClearLabel]: 'Effacer',
  [TranslatableString.AriaDateLabel]: 'Choisir une date',
  [TranslatableString.PreviewLabel]: 'Aperçu',
  [TranslatableString.DecrementAriaLabel]: 'Diminuer de 1',
  [TranslatableString.IncrementAriaLabel]: 'Augmenter de 1',
  [TranslatableString.OptionalObjectAdd]: 'Renseigner cette partie facultative',
  [TranslatableString.OptionalObjectRemove]: 'Retirer cette partie facultative',
  [TranslatableString.OptionalObjectEmptyMsg]: 'Partie facultative non renseignée',
  [TranslatableString.Type]: 'Type',
  [TranslatableString.Value]: 'Valeur',
  [TranslatableString.ClearButton]: 'effacer la saisie',
  [TranslatableString.UnknownFieldType]: 'Type de champ inconnu %1',
  [TranslatableString.OptionPrefix]: 'Option %1',
  [TranslatableString.TitleOptionPrefix]: '%1 option %2',
  [TranslatableString.KeyLabel]: 'Clé %1',
  [TranslatableString.UnsupportedField]: 'Champ non pris en charge.',
  [TranslatableString.FilesInfo]: '**%1** (%2, %3 octets)',
};

export function translateFr(key: TranslatableString, params?: string[]): string {
  const template = fr[key];
  if (!template) return englishStringTranslator(key, params);
  return (params ?? []).reduce((text, param, i) => text.replace(`%${i + 1}`, param), template);
}
