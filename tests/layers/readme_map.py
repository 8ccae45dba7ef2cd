#!/usr/bin/env python3
"""readme_map.py SOURCE_DIR - the README's code map ("How it works") names
every C file of src/, and every file it names exists: the map a newcomer
reads first cannot fall behind the tree."""
import os
import re
import sys

top = sys.argv[1]
readme = open(os.path.join(top, 'README.md'), encoding='utf-8').read()
m = re.search(r'^## How it works\n(.*?)^## ', readme, re.S | re.M)
if not m:
    sys.exit('README.md: no "## How it works" section')
section = m.group(1)
named = set(re.findall(r'\b([a-z0-9_]+\.c)\b', section))
have = {}
for d, _, files in os.walk(os.path.join(top, 'src')):
    for f in files:
        if f.endswith('.c'):
            have[f] = os.path.relpath(os.path.join(d, f), top)
bad = 0
# "one cmd_<name>.c per subcommand" covers the commands
if 'cmd_<name>.c' in section:
    named |= {f for f in have if f.startswith('cmd_')}
for f in sorted(set(have) - named):
    print('README.md, How it works: %s is not in the code map' % have[f])
    bad += 1
for f in sorted(named - set(have)):
    print('README.md, How it works: names %s, which src/ does not have' % f)
    bad += 1
print('%d C files, %d named, %d problems' % (len(have), len(named), bad))
sys.exit(1 if bad else 0)
