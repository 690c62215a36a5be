#!/bin/sh
# Checks the generated man page (build/cmd/3scale-redis-lint.1, made from
# cmd/3scale-redis-lint.1.in and rules.def): fails when a long option of the CLI, a rule ID or
# an exit status is missing from it, when --help does not mention an option, or when the page
# does not render cleanly (mandoc -T lint, else groff -ww; that part is skipped when neither is
# installed). The cheap guard against drifting docs.
set -u
src=$1 man=$2 bin=$3
status=0
[ -s "$man" ] || { echo "$man: no generated man page"; exit 1; }
if grep -q '^@RULES@$' "$man"; then
    echo "$man: the @RULES@ marker was not replaced"
    status=1
fi
options=$(sed -n 's/^ *{"\([a-z0-9-]*\)", \(no\|required\)_argument.*/\1/p' "$src/cmd/options.c")
[ -n "$options" ] || { echo "no options found in cmd/options.c"; exit 1; }
help=$("$bin" --help)
for o in $options; do
    grep -q -- "Fl -$o\b" "$man" || { echo "man page lacks --$o"; status=1; }
    printf '%s\n' "$help" | grep -q -- "--$o\b" || { echo "--help lacks --$o"; status=1; }
done
rules=$("$bin" --list-rules | awk '{print $1}')
[ -n "$rules" ] || { echo "--list-rules printed nothing"; exit 1; }
for r in $rules; do
    grep -q "^\.It Sy $r Pq " "$man" || { echo "man page lacks rule $r"; status=1; }
done
for s in 0 1 2 3 4; do
    grep -q "^\.It $s$" "$man" || { echo "man page lacks exit status $s"; status=1; }
done

# Rendering: mandoc's warnings and errors (not its style notes, which depend on the installed
# manual database), else every groff warning. Both print nothing on a clean page.
if command -v mandoc >/dev/null 2>&1; then
    lint=$(mandoc -T lint -W warning "$man" 2>&1)
    linter="mandoc -T lint"
elif command -v groff >/dev/null 2>&1; then
    lint=$(groff -mdoc -ww -z "$man" 2>&1)
    linter="groff -mdoc -ww"
else
    lint="" linter=""
    echo "neither mandoc nor groff is installed: rendering not checked"
fi
if [ -n "$lint" ]; then
    echo "$linter warns:"
    printf '%s\n' "$lint"
    status=1
fi
[ $status -eq 0 ] && echo "man page and --help cover $(echo $options | wc -w) options and" \
    "$(echo $rules | wc -w) rules${linter:+; $linter is clean}"
exit $status
