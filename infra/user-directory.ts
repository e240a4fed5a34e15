import { Aws, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { capitalised } from './construct-ids.js';

/**
 * Who the HTTP API trusts: the JWT issuer (`iss`) and the audiences (`aud`, app client ids)
 * a token must carry. Either the user directory below or an existing issuer given at deploy.
 */
export interface JwtTrust {
  readonly issuer: string;
  readonly audience: readonly string[];
}

/**
 * Where the dashboard sends people to sign in. `cognito`: this stack's user pool, its hosted
 * pages, and a dashboard client created beside the dashboard (DashboardClient). `oidc`: an
 * existing issuer and a client registered there by its operator.
 */
export type DashboardSignIn =
  | {
      readonly kind: 'cognito';
      readonly userPool: cognito.IUserPool;
      /** The token issuer, `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
      readonly issuer: string;
      /** The pool's domain (hosted pages, OAuth endpoints), an origin. */
      readonly domainUrl: string;
    }
  | {
      readonly kind: 'oidc';
      readonly issuer: string;
      /** The client the operator registered for the dashboard at the issuer. */
      readonly clientId: string;
      /** Origin of the sign-in pages and token endpoint, when not the issuer's own. */
      readonly domainUrl?: string;
    };

/**
 * The custom attribute naming the user's rep. Tokens carry it as the claim `custom:repId`,
 * which functions/api/principal-of-claims.ts reads (a test holds the two together).
 */
export const REP_ID_ATTRIBUTE = 'repId';

/**
 * Role groups, carried in the `cognito:groups` claim. A user in no group is a rep; in
 * several, the first of admin, manager, marketing. The precedence orders them the same way
 * (lower wins) for anything that reads a single group, such as a group's IAM role.
 */
export const ROLE_GROUPS = {
  admin: { precedence: 1, description: 'Sales operations: sees everything and alone configures stages, commission levels, reps and teams' },
  manager: {
    precedence: 2,
    description: 'Sees the subtree of the teams they manage; edits its deals and targets where the settings allow',
  },
  marketing: {
    precedence: 3,
    description:
      "Manages campaigns and every lead and reads the conversion metrics company-wide; sees no one's deals, targets or commission",
  },
} as const;

export type RoleGroup = keyof typeof ROLE_GROUPS;

export interface UserDirectoryProps {
  /**
   * What CloudFormation does with the user pool when it leaves the stack. Users, their
   * passwords and TOTP enrolments cannot be exported with their secrets: keep it.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Cognito deletion protection: deleting the pool fails until it is turned off.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Prefix of the pool's Cognito domain, `https://<prefix>.auth.<region>.amazoncognito.com`,
   * where the dashboard's sign-in pages (the hosted UI) live. Unique per region across all of
   * AWS; lower-case letters, digits and hyphens, without `aws`, `amazon` or `cognito`.
   * @default - derived from the stack name and its stack id (cognitoDomainPrefix)
   */
  readonly domainPrefix?: string;
}

/**
 * The tokens every app client issues, and what it may read and write of a user. Shared by the
 * scripts' client here and the dashboard's (DashboardClient), so the two cannot drift apart.
 */
const PUBLIC_CLIENT_SETTINGS = {
  // A public client (a browser, a script): no secret it could not keep.
  generateSecret: false,
  preventUserExistenceErrors: true,
  enableTokenRevocation: true,
  // The ID token is what the API receives (it carries custom:repId); an hour limits what a
  // leaked token is worth, the refresh token saves signing in (with TOTP) more than weekly.
  idTokenValidity: Duration.hours(1),
  accessTokenValidity: Duration.hours(1),
  refreshTokenValidity: Duration.days(7),
  authSessionValidity: Duration.minutes(5),
  readAttributes: new cognito.ClientAttributes()
    .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
    .withCustomAttributes(REP_ID_ATTRIBUTE),
  // Listed explicitly: an unset list lets the client write every attribute, custom:repId
  // included, which would let a user claim any rep. Only the display name is the user's.
  writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
} as const satisfies cognito.UserPoolClientOptions;

/** What the dashboard asks for at sign-in: an ID token (openid) with the user's email and name. */
export const DASHBOARD_OAUTH_SCOPES = [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE] as const;

/** Words Cognito refuses in a domain prefix. */
const RESERVED_DOMAIN_WORDS = ['aws', 'amazon', 'cognito'] as const;

/**
 * The default domain prefix: the stack name in lower case, then the first group of the stack
 * id's UUID. The name says whose sign-in page it is; the UUID part (fixed for the stack's
 * life, different for every stack ever created) makes it unique across AWS without putting
 * the account id in a public URL.
 */
export function defaultDomainPrefix(stack: Stack): string {
  const name = stack.stackName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 54);
  const word = RESERVED_DOMAIN_WORDS.find((reserved) => name.includes(reserved));
  if (word)
    throw new Error(`stack name ${stack.stackName} holds "${word}", which a Cognito domain may not: set context cognitoDomainPrefix`);
  const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
  return `${name}-${Fn.select(0, Fn.split('-', stackUuid))}`;
}

function checkDomainPrefix(prefix: string): void {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix)) {
    throw new Error(`context cognitoDomainPrefix must be 1-63 lower-case letters, digits and inner hyphens, got ${prefix}`);
  }
  const word = RESERVED_DOMAIN_WORDS.find((reserved) => prefix.includes(reserved));
  if (word) throw new Error(`context cognitoDomainPrefix may not contain "${word}", got ${prefix}`);
}

/**
 * The Cognito user pool people sign in to, its Cognito domain (the hosted sign-in pages the
 * dashboard sends people to), and the app client scripts sign in with (SRP). The dashboard's
 * own client is DashboardClient, in the stack that holds the dashboard's address. Every user
 * maps to a rep (`custom:repId`) and a role (groups); both are set by an administrator, never
 * by the user: the pool has no self sign-up and no client may write `custom:repId`.
 */
export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  /** The scripts' client: SRP sign-in, no OAuth. */
  readonly client: cognito.UserPoolClient;
  /** The hosted sign-in pages and OAuth endpoints (authorize, token, logout). */
  readonly domain: cognito.UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: the domain's base URL, an origin. */
  readonly domainUrl: string;
  readonly groups: Readonly<Record<RoleGroup, cognito.UserPoolGroup>>;
  /** The issuer and audience the API's JWT authorizer checks: this pool, this client. */
  readonly jwtTrust: JwtTrust;

  constructor(scope: Construct, id: string, props: UserDirectoryProps = {}) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // Accounts are created by an administrator (who also sets the rep id and the groups).
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // A changed email takes effect only once verified, so a typo cannot lock the user out.
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        // Mutable so an administrator can re-link a user; the format is core's Id (1-64 chars),
        // which the API validates again when it reads the claim.
        [REP_ID_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // MFA required, TOTP only. The API shows pay (commission) and lets admins change how it
      // is computed, so a stolen password alone must not be enough. TOTP, not SMS: no SMS
      // cost or SNS setup, and no SIM-swap exposure. Users enrol an authenticator app at
      // their first sign-in (Cognito's MFA_SETUP challenge).
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection blocks sign-ins with credentials known to be compromised and
      // challenges risky ones (FULL_FUNCTION acts, not just reports). Costs more per monthly
      // active user than Essentials; for a sales organisation's head count that is small
      // next to what a taken-over admin account could change.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    const groups = {} as Record<RoleGroup, cognito.UserPoolGroup>;
    for (const [groupName, { precedence, description }] of Object.entries(ROLE_GROUPS) as Array<
      [RoleGroup, (typeof ROLE_GROUPS)[RoleGroup]]
    >) {
      groups[groupName] = this.userPool.addGroup(`${capitalised(groupName)}Group`, {
        groupName,
        precedence,
        description,
      });
    }
    this.groups = groups;

    this.client = this.userPool.addClient('AppClient', {
      ...PUBLIC_CLIENT_SETTINGS,
      // SRP only: the password never leaves the client. CDK adds ALLOW_REFRESH_TOKEN_AUTH.
      authFlows: { userSrp: true },
      // Scripts sign in by SRP; the dashboard signs in through the hosted pages with its own client.
      disableOAuth: true,
    });

    if (props.domainPrefix !== undefined) checkDomainPrefix(props.domainPrefix);
    const domainPrefix = props.domainPrefix ?? defaultDomainPrefix(Stack.of(this));
    // The classic hosted UI (Cognito's default): it needs no branding resource per client, and
    // takes users through the new password and TOTP enrolment of their first sign-in.
    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix } });
    this.domainUrl = this.domain.baseUrl();

    this.jwtTrust = {
      // The issuer Cognito writes into its tokens (`iss`); region of the stack the pool is in.
      issuer: `https://cognito-idp.${this.userPool.stack.region}.amazonaws.com/${this.userPool.userPoolId}`,
      audience: [this.client.userPoolClientId],
    };
  }
}

export interface DashboardClientProps {
  /** The pool (in the stateful stack) the client belongs to. */
  readonly userPool: cognito.IUserPool;
  /** Where the hosted pages may send the user back after sign-in and sign-out: the dashboard's URL, `https://<host>/`. */
  readonly callbackUrls: readonly string[];
}

/**
 * The dashboard's app client: the authorization code grant (the browser proves it started the
 * sign-in with PKCE, which the dashboard always sends; Cognito has no setting to require it),
 * through the hosted pages of the pool's domain, back to the dashboard's own URL only.
 *
 * A client of its own, beside the dashboard's distribution rather than in the stateful stack:
 * its callback URL is the distribution's address, which the stateless stack creates (after
 * the stateful one), so a client in the stateful stack would make the stacks depend on each
 * other. The scripts' SRP client (UserDirectory) is left as it is.
 */
export class DashboardClient extends Construct {
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: DashboardClientProps) {
    super(scope, id);
    this.client = new cognito.UserPoolClient(this, 'Client', {
      ...PUBLIC_CLIENT_SETTINGS,
      userPool: props.userPool,
      // No sign-in through the API (SRP, passwords): the hosted pages sign people in. An
      // authFlows object with none set makes CDK list ALLOW_REFRESH_TOKEN_AUTH alone; with no
      // object at all Cognito would allow SRP and custom auth by default.
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [...DASHBOARD_OAUTH_SCOPES],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [...props.callbackUrls],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    });
  }
}
