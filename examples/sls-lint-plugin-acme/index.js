// An sls-lint plugin: a namespace and rules made with the public `defineRule`. sls-lint imports
// this file only when a config names the package in `plugins` (and never under --no-plugins).
import { definePlugin } from 'sls-lint';
import explicitMemory from './rules/explicit-memory/index.js';
import handlerUnderSrc from './rules/handler-under-src/index.js';

export default definePlugin({
  name: 'acme',
  version: '1.0.0',
  rules: [explicitMemory, handlerUnderSrc],
});
