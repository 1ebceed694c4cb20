/**
 * Which channel a name in an expression means. Bliss full names are `device:...:name`; users type the short
 * name (`diode1`) or any `:`-suffix of it (`controller:diode1`), as long as only one channel matches.
 */
export type ChannelLookup = (name: string) => { channel: string } | { error: string };

export function channelResolver(channels: Iterable<string>): ChannelLookup {
  const all = [...channels];
  const exact = new Set(all);
  return (name) => {
    if (exact.has(name)) return { channel: name };
    const suffix = `:${name}`;
    const matches = all.filter((c) => c.endsWith(suffix));
    if (matches.length === 1) return { channel: matches[0]! };
    if (matches.length > 1) return { error: `"${name}" is ambiguous: ${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''}` };
    return { error: `unknown channel "${name}"` };
  };
}
