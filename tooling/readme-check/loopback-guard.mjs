// Preloaded (node --import) into every README block that readme-blocks.test.ts runs: network
// traffic is allowed to loopback only. A TCP connect, UDP send or DNS lookup anywhere else throws
// ERR_README_NOT_LOOPBACK, is reported on stderr and makes the process exit with code 97 even if
// the code under test catches the error (a join, for instance, swallows unreachable seeds).
import dgram from 'node:dgram';
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

const EXIT_CODE = 97;
let blocked = false;

/** Loopback IPs and the one name that always means loopback. */
function isLoopback(host) {
  if (typeof host !== 'string' || host === '' || host === 'localhost') return true;
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const v4 = bare.toLowerCase().startsWith('::ffff:') ? bare.slice(7) : bare;
  if (net.isIPv4(v4)) return v4.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(bare);
  return false; // a name other than localhost would need a DNS query
}

function refuse(what, host) {
  blocked = true;
  const message = `readme-check: ${what} to ${String(host)} refused (README blocks may only use loopback)`;
  process.stderr.write(`${message}\n`);
  const error = new Error(message);
  error.code = 'ERR_README_NOT_LOOPBACK';
  return error;
}

process.on('exit', () => {
  if (blocked) process.exitCode = EXIT_CODE;
});

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]; // normalised [options, cb] form
  let host;
  if (first !== null && typeof first === 'object') {
    host = first.path === undefined ? first.host : 'localhost';
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    host = typeof args[1] === 'string' ? args[1] : undefined;
  } else host = 'localhost'; // a Unix socket path
  if (!isLoopback(host)) throw refuse('TCP connect', host);
  return connect.apply(this, args);
};

const send = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function guardedSend(...args) {
  const host = args.slice(1).find((a) => typeof a === 'string');
  if (!isLoopback(host)) throw refuse('UDP send', host);
  return send.apply(this, args);
};

const udpConnect = dgram.Socket.prototype.connect;
dgram.Socket.prototype.connect = function guardedUdpConnect(port, address, ...rest) {
  if (!isLoopback(typeof address === 'string' ? address : undefined)) {
    throw refuse('UDP connect', address);
  }
  return udpConnect.call(this, port, address, ...rest);
};

const lookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (!isLoopback(hostname)) throw refuse('DNS lookup', hostname);
  return lookup.call(this, hostname, ...rest);
};
const promisedLookup = dns.promises.lookup;
dns.promises.lookup = function guardedPromisedLookup(hostname, ...rest) {
  if (!isLoopback(hostname)) return Promise.reject(refuse('DNS lookup', hostname));
  return promisedLookup.call(this, hostname, ...rest);
};
for (const name of ['resolve', 'resolve4', 'resolve6', 'resolveSrv', 'resolveAny']) {
  const original = dns.promises[name];
  dns.promises[name] = function guardedResolve(hostname, ...rest) {
    if (!isLoopback(hostname)) return Promise.reject(refuse(`DNS ${name}`, hostname));
    return original.call(this, hostname, ...rest);
  };
}
syncBuiltinESMExports();
