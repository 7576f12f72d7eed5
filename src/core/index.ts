export { createCore, type Core, type CoreOptions } from './core';
export { EventBus } from './events';
export { dispatch, validateInput } from './handlers/dispatch';
