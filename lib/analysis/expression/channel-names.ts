/**
 * Which channel a name in an expression means. Bliss full names are `device:...:name`; users type the full
 * name, any `:`-suffix of it (`diode1`, `controller:diode1`) or the channel's scan_info `display_name` (what
 * the legend shows, e.g. a Bliss alias), as long as only one channel matches. An exact full name always wins.
 */
export type ChannelLookup = (name: string) => { channel: string } | { error: string };

/** `displayNames`: full channel name → scan_info `display_name`. */
export function channelResolver(channels: Iterable<string>, displayNames: Readonly<Record<string, string>> = {}): ChannelLookup {
  const all = [...channels];
  const exact = new Set(all);
  return (name) => {
    if (exact.has(name)) return { channel: name };
    const suffix = `:${name}`;
    const matches = all.filter((c) => c.endsWith(suffix) || (Object.hasOwn(displayNames, c) && displayNames[c] === name));
    if (matches.length === 1) return { channel: matches[0]! };
    if (matches.length > 1) return { error: `"${name}" is ambiguous: ${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''}` };
    return { error: `unknown channel "${name}"` };
  };
}
