// Preloaded into the MCP reference server for the tests: it calls app.listen(PORT) on every interface;
// this makes any listen without a host bind 127.0.0.1 only.
const net = require('node:net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if ((typeof args[0] === 'number' || typeof args[0] === 'string') && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  return listen.apply(this, args);
};
