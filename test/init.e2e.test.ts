/**
 * `kaitei init`: a new policy repository that builds and checks at once,
 * in Japanese or English; a folder that is not empty is refused, untouched.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {git, listFiles, runCli, tempDir} from './helpers.js'

describe('kaitei init', () => {
  it('then build, then check: both editions, the staff-only block withheld from the public one', async () => {
    const dir = path.join(await tempDir(), 'city-isp')
    const init = await runCli(['init', dir, '--title', '試験市情報セキュリティポリシー', '--owner', '試験市'])
    expect(init.status, init.stderr).toBe(0)
    expect(await listFiles(dir)).toEqual(['.github/workflows/policy.yml', '.gitignore', 'docs/01-general.md', 'kaitei.yaml', 'package.json'])
    const pkg = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8'))
    expect(pkg.scripts).toEqual({build: 'kaitei build', check: 'kaitei check'})
    expect(pkg.dependencies.kaitei).toMatch(/^\^\d+\.\d+\.\d+/)
    expect(pkg.name).toBe('city-isp')
    // In git, as a policy should be: its first amendment recorded.
    await git(dir, 'init', '-q', '-b', 'main')
    await git(dir, 'add', '-A')
    await git(dir, 'commit', '-q', '-m', '策定')
    const built = await runCli(['build', '--format', 'html', '--all-versions', '--no-cache'], dir)
    expect(built.status, built.stderr).toBe(0)
    const staff = await fs.readFile(path.join(dir, 'build', 'staff', 'index.html'), 'utf8')
    const pub = await fs.readFile(path.join(dir, 'build', 'public', 'index.html'), 'utf8')
    expect(staff).toContain('試験市情報セキュリティポリシー')
    expect(staff).toContain('内線 0000')
    expect(pub).not.toContain('内線 0000')
    expect(pub).toContain('（非公開）')
    expect(staff).toContain('<span class="section-number">(1)</span>')
    const check = await runCli(['check'], dir)
    expect(check.status, check.stdout + check.stderr).toBe(0)
    expect(check.stdout).toContain('0 errors, 0 warnings')
    const workflow = await fs.readFile(path.join(dir, '.github', 'workflows', 'policy.yml'), 'utf8')
    expect(workflow).toContain('npx kaitei diff origin/${{ github.base_ref }} HEAD --format md')
  })

  it('in English: no Japanese anywhere in what it writes or what the build shows', async () => {
    const dir = await tempDir('kaitei-init-en-')
    expect((await runCli(['init', dir, '--lang', 'en'])).status).toBe(0)
    for (const file of await listFiles(dir)) expect(await fs.readFile(path.join(dir, file), 'utf8'), file).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
    const built = await runCli(['build', '--format', 'html', '--no-cache', '-q'], dir)
    expect(built.status, built.stderr).toBe(0)
    const page = await fs.readFile(path.join(dir, 'build', 'staff', 'index.html'), 'utf8')
    expect(page).toContain('Information Security Policy')
    expect(page.replace(/<style[\s\S]*?<\/style>/g, '')).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
    const check = await runCli(['check'], dir)
    expect(check.status).toBe(0)
    // Its definitions are used, its references land: no lint rule has anything to say.
    expect(check.stdout).toContain('0 errors, 0 warnings')
  })

  it('refuses a folder that is not empty, names what it has, and changes nothing', async () => {
    const dir = await tempDir('kaitei-init-full-')
    await fs.writeFile(path.join(dir, 'kaitei.yaml'), 'id: mine\n')
    await fs.writeFile(path.join(dir, 'notes.txt'), 'keep me\n')
    const result = await runCli(['init', dir])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('it is not empty (it has kaitei.yaml)')
    expect(result.stderr).toContain('[E_INIT_REFUSED]')
    expect(await listFiles(dir)).toEqual(['kaitei.yaml', 'notes.txt'])
    expect(await fs.readFile(path.join(dir, 'kaitei.yaml'), 'utf8')).toBe('id: mine\n')
    const other = await tempDir('kaitei-init-other-')
    await fs.writeFile(path.join(other, 'README.md'), '# mine\n')
    expect((await runCli(['init', other])).stderr).toContain('it has README.md')
    expect(await listFiles(other)).toEqual(['README.md'])
    expect((await runCli(['init', other, '--lang', 'fr'])).stderr).toContain('expected ja or en')
  })
})
