#!/usr/bin/env python3
"""One-off converter of the old TOML catalogs (assets/i18n/{es,en}.toml) to Project Fluent.

Kept for merging branches that still add keys to the TOML catalogs: put the new keys under their
[section] headings in a small .toml file and run
    scripts/i18n_toml_to_ftl.py new_keys.toml          # prints the Fluent messages
then paste them under the same `## section` in es.ftl / en.ftl. `section.key` becomes
`section-key`, `{name}` becomes `{ $name }`. Counts still need a hand-written selector:
    { $n -> [one] … *[other] … }
"""
import re, sys, tomllib
src = open(sys.argv[1], encoding='utf-8').read()
data = tomllib.loads(src)
out = []
section = None
def lookup(path):
    d = data
    for p in path: d = d[p]
    return d
def conv_value(v):
    v = re.sub(r'\{([a-z_]+)\}', r'{ $\1 }', v)
    assert '{' not in re.sub(r'\{ \$[a-z_]+ \}', '', v), v
    assert '}' not in re.sub(r'\{ \$[a-z_]+ \}', '', v), v
    if v.endswith(' '):
        v = v.rstrip(' ') + '{" "}'
    if v.startswith(' '):
        v = '{" "}' + v.lstrip(' ')
    lines = v.split('\n')
    for l in lines[1:]:
        assert l and l[0] not in '[*.', l
    if len(lines) == 1:
        return ' ' + v
    return '\n' + '\n'.join('    ' + l for l in lines)
for line in src.split('\n'):
    s = line.strip()
    if not s:
        out.append('')
    elif s.startswith('#'):
        out.append('### ' + s.lstrip('# ') if section is None else '# ' + s.lstrip('# '))
    elif s.startswith('['):
        section = s.strip('[]').split('.')
        if out and out[-1] != '': out.append('')
        out.append('## ' + '.'.join(section))
        out.append('')
    else:
        k, _ = s.split('=', 1)
        k = k.strip().strip('"')
        v = lookup(section + [k])
        ident = '-'.join(section + [k])
        assert re.fullmatch(r'[a-zA-Z][a-zA-Z0-9_-]*', ident), ident
        out.append(f'{ident} ={conv_value(v)}')
text = '\n'.join(out).rstrip('\n') + '\n'
text = re.sub(r'\n{3,}', '\n\n', text)
if len(sys.argv) > 2:
    open(sys.argv[2], 'w', encoding='utf-8').write(text)
else:
    sys.stdout.write(text)
