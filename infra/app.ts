/**
 * CDK entry point (cdk.json: `npx tsx infra/app.ts`). All wiring lives in
 * sales-performance-app.ts so the tests build exactly the same stacks.
 *
 * cdk-nag's AWS Solutions checks run as a validation plugin: `cdk synth` and `cdk deploy`
 * stop on any finding not acknowledged (with its reason) in infra code.
 * test/infra/cdk-nag.test.ts runs the same checks.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addSalesPerformanceStacks } from './sales-performance-app.js';

const app = new App();
addSalesPerformanceStacks(app);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
