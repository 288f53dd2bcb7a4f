#!/usr/bin/env python3
"""Test time per module and per class from the surefire and failsafe XML reports of one or two build trees.

    scripts/test-times.py TREE [OTHER_TREE] [ROWS]

With two trees (e.g. a fresh clone before and after a change) it prints both side by side, so that a change is judged
by the test counts (which must not move) and the time the tests took, not only by Maven's wall time, which other work
on the machine disturbs. The time of a class includes its Spring context start and its static set-up."""
import glob
import sys
import xml.etree.ElementTree as ET


def load(root):
    modules, classes = {}, {}
    for report in glob.glob(root + '/*/target/*-reports/TEST-*.xml'):
        suite = ET.parse(report).getroot()
        module = report[len(root) + 1:].split('/')[0] + (' (ITs)' if 'failsafe' in report else '')
        seconds, tests = float(suite.get('time')), int(suite.get('tests'))
        failed = int(suite.get('failures')) + int(suite.get('errors'))
        total = modules.setdefault(module, [0.0, 0, 0])
        total[0] += seconds
        total[1] += tests
        total[2] += failed
        classes[(module, suite.get('name').split('.')[-1])] = seconds
    return modules, classes


args = [a for a in sys.argv[1:] if not a.isdigit()]
rows = int(next((a for a in sys.argv[1:] if a.isdigit()), '30'))
trees = [load(tree.rstrip('/')) for tree in args]
print('| Module | ' + ' | '.join(f'tests, s ({t})' for t in args) + ' |')
print('|---|' + '---|' * len(args))
for module in sorted(set().union(*(m for m, _ in trees))):
    cells = [f'{m.get(module, [0, 0])[1]}, {m.get(module, [0.0])[0]:.0f}' for m, _ in trees]
    print(f'| {module} | ' + ' | '.join(cells) + ' |')
print('| all | ' + ' | '.join(f'{sum(v[1] for v in m.values())}, {sum(v[0] for v in m.values()):.0f}'
                              for m, _ in trees) + ' |')
print('failures and errors: ' + ', '.join(str(sum(v[2] for v in m.values())) for m, _ in trees))
print()
print('| Class | ' + ' | '.join(f's ({t})' for t in args) + ' |')
print('|---|' + '---|' * len(args))
names = sorted(set().union(*(c for _, c in trees)), key=lambda k: -max(c.get(k, 0.0) for _, c in trees))
for module, name in names[:rows]:
    print(f'| {name} ({module}) | ' + ' | '.join(f'{c.get((module, name), 0.0):.1f}' for _, c in trees) + ' |')
