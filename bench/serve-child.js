/**
 * The server under load in a process of its own (the load generator has the
 * other core): `node bench/serve-child.js <config> <build> <data> guarded|unguarded`.
 * Prints its URL on standard output; SIGTERM stops it.
 */
import {startServer} from '../dist/index.js'

const [config, dir, data, mode] = process.argv.slice(2)
const server = await startServer({config, dir, data, port: 0, logLevel: 'warn', ...(mode === 'unguarded' ? {unguarded: 'staff'} : {})})
process.stdout.write(server.url + '\n')
process.once('SIGTERM', () => server.close().then(() => process.exit(0)))
