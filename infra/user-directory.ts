import { Duration, RemovalPolicy } from 'aws-cdk-lib';
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
 * The custom attribute naming the user's rep. Tokens carry it as the claim `custom:repId`,
 * which functions/api/principal-of-claims.ts reads (a test holds the two together).
 */
export const REP_ID_ATTRIBUTE = 'repId';

/**
 * Role groups, carried in the `cognito:groups` claim. A user in no group is a rep; in both,
 * an admin. The precedence orders them the same way (lower wins) for anything that reads a
 * single group, such as a group's IAM role.
 */
export const ROLE_GROUPS = {
  admin: { precedence: 1, description: 'Sales operations: sees everything and alone configures stages, commission levels, reps and teams' },
  manager: {
    precedence: 2,
    description: 'Sees the subtree of the teams they manage; edits its deals and targets where the settings allow',
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
}

/**
 * The Cognito user pool people sign in to, and the one app client the dashboard and scripts
 * use. Every user maps to a rep (`custom:repId`) and a role (groups); both are set by an
 * administrator, never by the user: the pool has no self sign-up and the client may not
 * write `custom:repId`.
 */
export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
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
      // A public client (browser dashboard, scripts): no secret it could not keep.
      generateSecret: false,
      // SRP only: the password never leaves the client. CDK adds ALLOW_REFRESH_TOKEN_AUTH.
      authFlows: { userSrp: true },
      // No hosted UI or OAuth flows: the pool has no domain.
      disableOAuth: true,
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
    });

    this.jwtTrust = {
      // The issuer Cognito writes into its tokens (`iss`); region of the stack the pool is in.
      issuer: `https://cognito-idp.${this.userPool.stack.region}.amazonaws.com/${this.userPool.userPoolId}`,
      audience: [this.client.userPoolClientId],
    };
  }
}
