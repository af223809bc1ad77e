/**
 * `/fhir/.well-known/smart-configuration` (SMART App Launch 2.0, conformance.html): where to
 * authorise, what this server supports, so an app or system can discover it from the FHIR base.
 */
import { SIGNING_ALG } from '../auth/keys';
import { CLIENT_ASSERTION_ALGS } from './clients';
import { OIDC_SCOPES } from './provider';

export function smartConfiguration(baseUrl: string): Record<string, unknown> {
  const oauth = `${baseUrl}/oauth`;
  return {
    issuer: oauth,
    jwks_uri: `${oauth}/jwks`,
    authorization_endpoint: `${oauth}/auth`,
    token_endpoint: `${oauth}/token`,
    introspection_endpoint: `${oauth}/token/introspection`,
    revocation_endpoint: `${oauth}/token/revocation`,
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    response_types_supported: ['code'],
    token_endpoint_auth_methods_supported: ['private_key_jwt', 'none'],
    token_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGS],
    id_token_signing_alg_values_supported: [SIGNING_ALG],
    scopes_supported: [
      ...OIDC_SCOPES.filter((s) => s !== 'launch'),
      'patient/*.cruds',
      'user/*.cruds',
      'system/*.cruds',
      'patient/*.read',
      'user/*.read',
      'system/*.read',
    ],
    code_challenge_methods_supported: ['S256'],
    capabilities: [
      'launch-standalone',
      'client-public',
      'client-confidential-asymmetric',
      'context-standalone-patient',
      'sso-openid-connect',
      'permission-offline',
      'permission-online',
      'permission-patient',
      'permission-user',
      'permission-v1',
      'permission-v2',
    ],
  };
}
