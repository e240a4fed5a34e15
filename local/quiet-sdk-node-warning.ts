/**
 * Imported first by `npm start` and every CLI. Under Node 20, which this project supports,
 * each process that builds an AWS SDK client prints the SDK's NodeVersionSupportWarning
 * (later SDK versions will need Node 22): noise on every command. This is the SDK's own
 * switch for that one warning; every other warning still prints. The Lambdas run on Node 22.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
