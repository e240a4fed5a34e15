/**
 * CDK entry point (cdk.json: `npx tsx infra/app.ts`). All wiring lives in
 * sales-performance-app.ts so the tests build exactly the same stacks.
 */
import { App } from 'aws-cdk-lib';
import { addSalesPerformanceStacks } from './sales-performance-app.js';

addSalesPerformanceStacks(new App());
