#!/bin/sh
# formats.sh CLI SOURCE-ROOT - the -o sarif, -o junit and -o github outputs are valid and say
# what -o json says, on inputs with errors, warnings and info findings, a clean input, a YAML
# syntax error, position-less findings without an object (an invalid --schemas profile), and
# file names that need escaping in each format (',' ':' '%' space '&<>"' and a control
# character) or that are not UTF-8 (a surrogate, above U+10FFFF, overlong), given as relative
# and as absolute paths. The checks are in formats-check.py.
# Exit 0 pass, 1 fail, 77 skip, 99 bad environment. KEEP_TMP=1 keeps the temporary directory.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 CLI SOURCE-ROOT" >&2
    exit 99
fi
case $1 in /*) cli=$1 ;; *) cli=$PWD/$1 ;; esac
src=$(cd "$2" && pwd) || exit 99
[ -x "$cli" ] || { echo "SKIP: $cli is not built"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
check=$src/tests/formats-check.py

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rlint-formats.XXXXXX") || exit 99
trap '[ -n "${KEEP_TMP:-}" ] && echo "kept $tmp" >&2 || rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
failed=0

# run_case NAME DIR EXPECTED-EXIT ARGS...: runs the CLI in DIR once per format and checks
run_case() {
    _name=$1
    _dir=$2
    _want=$3
    shift 3
    for _fmt in json sarif junit github; do
        (cd "$_dir" && exec "$cli" --color=never -o "$_fmt" "$@") \
            >"$tmp/$_name.$_fmt" 2>"$tmp/$_name.$_fmt.err"
        _rc=$?
        if [ "$_rc" -ne "$_want" ]; then
            echo "$_name: -o $_fmt exits $_rc, expected $_want"
            cat "$tmp/$_name.$_fmt.err"
            failed=1
        fi
    done
    python3 "$check" "$_name" "$_want" "$tmp/$_name.json" "$tmp/$_name.sarif" \
        "$tmp/$_name.junit" "$tmp/$_name.github" || failed=1
}

run_case broken "$src" 1 examples/broken-2.16.yaml
run_case clean "$src" 0 examples/sentinel-2.16.yaml
run_case yaml-syntax "$src/testdata/documents/yaml-syntax" 1 input.yaml
run_case info-only "$src/testdata/keys/secret-missing" 0 input.yaml
run_case template "$src/testdata/documents/template-objects" 1 $(cat "$src/testdata/documents/template-objects/args") input.yaml
run_case strict "$src/testdata/documents/strict-warning" 1 --strict input.yaml
run_case no-position "$src/testdata/documents/profile-invalid" 2 --schemas bad-schemas input.yaml
run_case several "$src" 1 examples/broken-2.16.yaml testdata/documents/yaml-syntax/input.yaml \
    examples/sentinel-2.16.yaml

# File names that every format must escape: a comma and a colon end a GitHub property value,
# '%' starts an escape there and in URIs, XML needs its five entities, and XML 1.0 cannot
# carry a control character at all.
names=$tmp/names
mkdir -p "$names" || exit 99
cp "$src/examples/broken-2.16.yaml" "$names/a,b: 50% off.yaml" || exit 99
cp "$src/examples/broken-2.16.yaml" "$names/x&<y>\"q'.yaml" || exit 99
cp "$src/examples/broken-2.16.yaml" "$names/$(printf 'ctl\001.yaml')" || exit 99
run_case comma "$names" 1 "a,b: 50% off.yaml"
run_case xml-chars "$names" 1 "x&<y>\"q'.yaml"
run_case control-char "$names" 1 "$(printf 'ctl\001.yaml')"
run_case absolute "$names" 1 "$names/a,b: 50% off.yaml"

# File names that are not UTF-8 in ways a lenient decoder lets through but jansson refuses:
# a UTF-16 surrogate (ED A0 80, U+D800), a code point above U+10FFFF (F4 90 80 80) and an
# overlong form (E0 80 AF, '/' in three bytes). Every format carries them, one U+FFFD per
# byte, instead of failing the whole report.
surrogate=$(printf 'sur\355\240\200.yaml')
above=$(printf 'big\364\220\200\200.yaml')
overlong=$(printf 'long\340\200\257.yaml')
for f in "$surrogate" "$above" "$overlong"; do
    cp "$src/examples/broken-2.16.yaml" "$names/$f" || exit 99
done
run_case surrogate "$names" 1 "$surrogate"
run_case above-max "$names" 1 "$above"
run_case overlong "$names" 1 "$overlong"
run_case non-utf8-absolute "$names" 1 "$names/$surrogate"

# the escapes themselves, not only their round trip
grep -q '^::error file=a%2Cb%3A 50%25 off.yaml,line=' "$tmp/comma.github" ||
    { echo "comma: the github file property is not escaped as %2C / %3A / %25"; failed=1; }
grep -q '"uri": "a%2Cb%3A%2050%25%20off.yaml"' "$tmp/comma.sarif" ||
    { echo "comma: the SARIF uri is not percent-encoded"; failed=1; }
grep -q '"uri": "file:///' "$tmp/absolute.sarif" ||
    { echo "absolute: the SARIF uri of an absolute path is not a file:// URI"; failed=1; }
grep -q 'classname="x&amp;&lt;y&gt;&quot;q&apos;.yaml"' "$tmp/xml-chars.junit" ||
    { echo "xml-chars: the JUnit classname is not escaped"; failed=1; }

r=$(printf '\357\277\275')
for c in "surrogate sur$r$r$r.yaml" "above-max big$r$r$r$r.yaml" "overlong long$r$r$r.yaml"; do
    set -- $c
    grep -q "\"file\": \"$2\"" "$tmp/$1.json" ||
        { echo "$1: -o json does not name the file $2 (one U+FFFD per invalid byte)"; failed=1; }
done

if [ "$failed" -ne 0 ]; then
    echo "FAIL"
    exit 1
fi
echo "PASS"
exit 0
