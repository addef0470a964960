/**
 * `kaitei preview` in a process of its own, as a writer runs it (the browser
 * that measures it is another): `node bench/preview-child.js <config>`.
 * Prints its URL on standard output; SIGTERM stops it.
 */
import {startPreview} from '../dist/index.js'

const preview = await startPreview({config: process.argv[2], port: 0})
process.stdout.write(preview.url + '\n')
process.once('SIGTERM', () => preview.close().then(() => process.exit(0)))
