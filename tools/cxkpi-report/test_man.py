"""cxkpi-report --help and the manual page cxkpi-report(1) list the same options.

Usage: test_man.py TOOL [MANPAGE]   (no MANPAGE: the build has no pandoc; the test is
skipped, exit status 77)

The manual page is made from docs/cli.md; its OPTIONS section is the list there. Every
option --help names must have its entry in that section, every entry must be an option
--help names, and no option the page mentions anywhere may be unknown to --help. When
groff is installed, the page must also format without a warning (but for tables wider
than the page, which tbl wraps).
"""
import os
import re
import shutil
import subprocess
import sys

OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?![\w-])")


def help_options(tool):
    out = subprocess.run([tool, "--help"], capture_output=True, text=True, check=True).stdout
    found = set()
    for line in out.splitlines():
        for m in OPTION.finditer(line):
            found.add(m.group(1))
    return found


def plain(roff_line):
    """Text of a roff line: escapes for fonts removed, \\- as -."""
    s = re.sub(r"\\f(\[[A-Z]*\]|[A-Z])", "", roff_line)
    s = s.replace("\\-", "-").replace("\\[en]", "-")
    return s


def man_options(page):
    text = open(page, encoding="utf-8").read().splitlines()
    tags, anywhere = set(), set()
    section, want_tag = None, False
    for line in text:
        if line.startswith(".SH"):
            section = line[3:].strip().strip('"')
            continue
        if line.startswith(".\\\""):
            continue
        if section == "OPTIONS" and line.startswith(".TP"):
            want_tag = True
            continue
        p = plain(line)
        if want_tag:
            tags.update(m.group(1) for m in OPTION.finditer(p))
            want_tag = False
        # Options mentioned in running text (code spans, examples) -- not inside
        # words like "first-reply" or numbers like "-C".
        anywhere.update(m.group(1) for m in OPTION.finditer(p) if m.group(1).startswith("--"))
    return tags, anywhere


def main():
    tool = sys.argv[1]
    if len(sys.argv) < 3 or not os.path.exists(sys.argv[2]):
        print("no manual page in this build (pandoc missing): skipped")
        return 77
    page = sys.argv[2]
    helped = help_options(tool)
    tags, anywhere = man_options(page)
    ok = True
    if not tags:
        print("the manual page has no OPTIONS entries")
        ok = False
    for o in sorted(helped - tags):
        print(f"{o}: in --help but not in the OPTIONS of the manual page "
              "(add it to the Options section of docs/cli.md)")
        ok = False
    for o in sorted(tags - helped):
        print(f"{o}: in the manual page's OPTIONS but not in --help")
        ok = False
    for o in sorted(anywhere - helped):
        print(f"{o}: mentioned in the manual page but not an option of --help")
        ok = False
    groff = shutil.which("groff")
    if groff:
        r = subprocess.run([groff, "-t", "-man", "-Tutf8", "-ww", "-z", page],
                           capture_output=True, text=True)
        # Tables that pandoc sized for a wider page are fine on a terminal: tbl wraps them.
        err = re.sub(r"warning: file '[^']*', around line \d+:\n\s*table wider than line "
                     r"width\n?", "", r.stderr)
        if r.returncode != 0 or err.strip():
            print("groff warnings:\n" + err)
            ok = False
    print(f"{len(helped)} options in --help, {len(tags)} in the manual page")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
