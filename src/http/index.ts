export { buildHttp, DEFAULT_BODY_LIMIT, type HttpOptions } from './app';
export { Lifecycle } from './lifecycle';
export { hashToken } from './plugins/security';
