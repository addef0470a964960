/**
 * Around every test: a child a test left running (its time limit hit while
 * the CLI, git or a browser ran) is killed, never left to the next test.
 */
import {afterEach} from 'vitest'
import {killLiveChildren} from './helpers.js'

afterEach(() => killLiveChildren())
