/**
 * Audiences and what they may see. Content marked for audience X is visible
 * to audience A when A is X or includes X (directly or through others):
 * with public ⊂ staff ⊂ security, staff sees public and staff content.
 */
import type {Audience} from '../config/schema.js'
import type {WithheldMode} from '../config/schema.js'
import {KaiteiError} from '../errors.js'

export type {Audience}

/** The audience a marker's name means today: its own name, or the one it was renamed to. */
export function currentName(audiences: readonly Audience[], name: string): string {
  if (audiences.some((d) => d.name === name)) return name
  return audiences.find((d) => d.formerNames?.includes(name))?.name ?? name
}

/** Whether `audience` may see content marked for `mark` (`undefined`: everyone). */
export function canSee(audience: Pick<Audience, 'clearance'>, mark: string | undefined): boolean {
  return mark === undefined || audience.clearance.includes(mark)
}

/** Names of the audiences that may see content marked `mark`. */
export function viewersOf(audiences: readonly Audience[], mark: string | undefined): Set<string> {
  return new Set(audiences.filter((d) => canSee(d, mark)).map((d) => d.name))
}

/**
 * Whether a block marked `inner`, nested in content marked `outer`, would be
 * shown to someone who cannot see `outer`: a looser block inside a stricter one.
 */
export function isLooser(audiences: readonly Audience[], inner: string, outer: string | undefined): boolean {
  if (outer === undefined) return false
  const outerViewers = viewersOf(audiences, outer)
  for (const name of viewersOf(audiences, inner)) if (!outerViewers.has(name)) return true
  return false
}

/** What each mode shows of withheld content, least first. */
const shows: Record<WithheldMode, number> = {remove: 0, notice: 1, headings: 2}

/**
 * The withheld mode `audience` applies to content marked `mark` that it may
 * not see. Editions are monotonic: whatever a looser edition shows, every
 * stricter one shows too. So without a mode written on the content itself
 * (`explicit`: the same for every audience), an audience shows at most what
 * each audience that includes it (and may not see the content either)
 * shows: with `headings` for public and `notice` for staff, public shows a
 * notice for security-only content, not its headings.
 */
export function withheldModeFor(
  audiences: readonly Audience[],
  audience: Audience,
  mark: string | undefined,
  explicit?: WithheldMode
): WithheldMode {
  if (explicit) return explicit
  let mode = audience.withheld
  for (const other of audiences) {
    if (other.name === audience.name || !other.clearance.includes(audience.name) || canSee(other, mark)) continue
    if (shows[other.withheld] < shows[mode]) mode = other.withheld
  }
  return mode
}

/** The strictest of two marks (the one seen by fewer audiences); `undefined` is everyone. */
export function stricter(audiences: readonly Audience[], a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  return viewersOf(audiences, a).size <= viewersOf(audiences, b).size ? a : b
}

/** Find an audience by name (default: the first), or throw. */
export function resolveAudience(config: {audiences: Audience[]}, name: string | undefined): Audience {
  const audience = name ? config.audiences.find((d) => d.name === name) : config.audiences[0]
  if (!audience) {
    throw new KaiteiError(
      'Unknown audience `' + name + '`, expected one of ' + config.audiences.map((d) => d.name).join(', '),
      'E_UNKNOWN_AUDIENCE'
    )
  }
  return audience
}
