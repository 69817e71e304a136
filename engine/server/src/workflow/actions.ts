import { ActionRegistry } from '@cordee/plugin-sdk';
import { demoPlugin } from '@cordee/plugin-demo';

/** The installed plugins: the demonstration plugin until the national ones (INSi, DMP, MSSanté) arrive. */
const installedPlugins = [demoPlugin];

let registry: ActionRegistry | null = null;

/** The plugin actions service tasks may name (`cordee:serviceRef`), configured from the environment once. */
export function actionRegistry(): ActionRegistry {
  registry ??= new ActionRegistry(installedPlugins, process.env);
  return registry;
}
