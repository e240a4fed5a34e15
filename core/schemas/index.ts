export * from './common.js';
export * from './rep.js';
export * from './team.js';
export * from './stage.js';
export * from './opportunity.js';
export * from './target.js';
export * from './commission-levels.js';
export * from './settings.js';
