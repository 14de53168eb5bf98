import type { AnyAction } from '../../core/action.js';
import { assumeRoleWithSaml } from './assume-role-with-saml.js';
import { createSamlProvider } from './create-saml-provider.js';
import { deleteSamlProvider, listSamlProviders } from './delete-list-saml-providers.js';
import { getSamlProvider, updateSamlProvider } from './get-update-saml-provider.js';
import { listSamlProviderTags, tagSamlProvider, untagSamlProvider } from './saml-provider-tags.js';

/** The IAM SAML provider actions and sts:AssumeRoleWithSAML. */
export const samlActions: readonly AnyAction[] = [
  createSamlProvider,
  getSamlProvider,
  updateSamlProvider,
  deleteSamlProvider,
  listSamlProviders,
  tagSamlProvider,
  untagSamlProvider,
  listSamlProviderTags,
  assumeRoleWithSaml,
];
