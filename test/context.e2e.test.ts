/**
 * A long-running process keeps one context and calls kaitei again and
 * again: every edit to a source, the config, the theme's template and its
 * assets shows in the next build, and a check sees what a build sees.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {checkPublication} from '../src/check.js'
import {KaiteiContext} from '../src/context.js'
import {builtInThemes} from '../src/edition/theme.js'
import {build} from '../src/publish/build.js'
import {copyFixture, fixtures} from './helpers.js'

describe('one context, many builds', () => {
  it('sees each edit: a source, the config, the theme\'s template and its CSS', async () => {
    const dir = await copyFixture(path.join(fixtures, 'valid'))
    const config = path.join(dir, 'kaitei.yaml')
    // The publication's own theme, a copy of kaitei's.
    await fs.cp(path.join(builtInThemes, 'default'), path.join(dir, 'themes', 'city'), {recursive: true})
    await fs.writeFile(config, (await fs.readFile(config, 'utf8')) + 'theme: city\n')
    const context = new KaiteiContext()
    const page = async () => {
      await build({config, formats: ['html'], context})
      return {
        html: await fs.readFile(path.join(dir, 'build', 'all', 'index.html'), 'utf8'),
        css: await fs.readFile(path.join(dir, 'build', 'all', 'assets', 'kaitei.css'), 'utf8')
      }
    }
    const first = await page()
    expect(first.html).toContain('Valid policy')

    // A source.
    const source = path.join(dir, 'docs', 'a.md')
    await fs.writeFile(source, (await fs.readFile(source, 'utf8')) + '\nA sentence added while the process runs.\n')
    expect((await page()).html).toContain('A sentence added while the process runs.')

    // The config.
    await fs.writeFile(config, (await fs.readFile(config, 'utf8')).replace('title: Valid policy', 'title: Renamed policy'))
    const renamed = await page()
    expect(renamed.html).toContain('Renamed policy')
    expect(renamed.html).not.toContain('Valid policy')

    // The theme's template.
    const template = path.join(dir, 'themes', 'city', 'template.html')
    await fs.writeFile(template, (await fs.readFile(template, 'utf8')).replace('<body', '<body data-city="edited"'))
    expect((await page()).html).toContain('data-city="edited"')

    // The theme's CSS.
    const css = path.join(dir, 'themes', 'city', 'assets', 'kaitei.css')
    await fs.writeFile(css, (await fs.readFile(css, 'utf8')) + '\n.city-edited { color: teal; }\n')
    expect((await page()).css).toContain('.city-edited { color: teal; }')

    // A check in the same context sees the text as it is now.
    await fs.writeFile(source, (await fs.readFile(source, 'utf8')) + '\n:::unknown\nx\n:::\n')
    const checked = await checkPublication({config, context})
    expect(checked.failed).toBe(true)
    expect(checked.messages.map((d) => d.ruleId)).toContain('unknown-directive')
  })
})
