#!/bin/sh
# image.sh - builds the container image with scripts/build-image.sh (buildah, offline), unpacks
# its root filesystem from an OCI layout (buildah push oci:), checks what the image declares
# (numeric non-root USER, entrypoint, labels) and holds (no shell), and runs the tool inside
# it with chroot as the image's uid: --version, an example (offline), and --live against a
# closed port, which shows that the dlopen'd libcurl loads in the image; in a build with --probe,
# --probe against a closed port over TLS, which shows that hiredis and OpenSSL load there too.
#   image.sh SRCDIR
# Runs under CI=true or RLINT_IMAGE_TEST=1 (a release build and an image: ~40 s), as root
# (chroot); skips (77) otherwise and without buildah.
set -u
src=$1
skip() { echo "SKIP: $*"; exit 77; }
[ "${CI:-}" = "true" ] || [ "${RLINT_IMAGE_TEST:-}" = "1" ] ||
    skip "set CI=true or RLINT_IMAGE_TEST=1 to build the image"
[ "$(id -u)" -eq 0 ] || skip "chroot needs root"
command -v buildah >/dev/null || skip "no buildah (apt-get install buildah)"

tmp=$(mktemp -d) || exit 99
image=localhost/3scale-redis-lint-test:$$
cleanup() {
    buildah rmi "$image" "${image%:*}:latest" >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 99' HUP INT TERM
fail=0

if ! BUILD_DIR="$tmp/build" sh "$src/scripts/build-image.sh" "$image" >"$tmp/build.log" 2>&1; then
    echo "FAIL scripts/build-image.sh:"
    tail -30 "$tmp/build.log"
    exit 1
fi
tail -n 1 "$tmp/build.log"
buildah push --quiet "$image" "oci:$tmp/oci:test" >/dev/null 2>&1 ||
    { echo "FAIL buildah push oci:"; exit 1; }
mkdir "$tmp/root"
# the OCI layout: index -> manifest -> config and layers (tar, maybe gzip), applied in order
python3 - "$tmp/oci" "$tmp/root" >"$tmp/config" <<'PY' || { echo "FAIL unpacking the image"; exit 1; }
import json, os, sys, tarfile
oci, root = sys.argv[1], sys.argv[2]
blob = lambda d: os.path.join(oci, "blobs", *d["digest"].split(":"))
index = json.load(open(os.path.join(oci, "index.json")))
manifest = json.load(open(blob(index["manifests"][0])))
for layer in manifest["layers"]:
    with tarfile.open(blob(layer)) as t:
        t.extractall(root, numeric_owner=True)
print(json.dumps(json.load(open(blob(manifest["config"])))["config"]))
PY
python3 - "$tmp/config" <<'PY' || fail=1
import json, sys
c = json.load(open(sys.argv[1]))
bad = []
user = c.get("User", "")
uid = user.split(":")[0]
if not uid.isdigit() or int(uid) == 0:
    bad.append("User %r is not a numeric non-root uid" % user)
if c.get("Entrypoint") != ["/usr/bin/3scale-redis-lint"]:
    bad.append("Entrypoint %r" % c.get("Entrypoint"))
labels = c.get("Labels") or {}
for k in ("version", "source", "licenses"):
    if not labels.get("org.opencontainers.image." + k):
        bad.append("no label org.opencontainers.image." + k)
for b in bad:
    print("FAIL image config: " + b)
open(sys.argv[1] + ".uid", "w").write(user)
sys.exit(1 if bad else 0)
PY
user=$(cat "$tmp/config.uid")
root=$tmp/root
for sh in bin/sh usr/bin/sh bin/bash usr/bin/bash bin/busybox; do
    [ ! -e "$root/$sh" ] || { echo "FAIL the image has a shell: /$sh"; fail=1; }
done
grep -q ":${user%%:*}:" "$root/etc/passwd" || { echo "FAIL /etc/passwd has no uid ${user%%:*}"; fail=1; }
[ -s "$root/etc/ssl/certs/ca-certificates.crt" ] || { echo "FAIL no CA bundle"; fail=1; }

mkdir "$root/check"
cp "$src/examples/broken-2.16.yaml" "$src/examples/sentinel-2.16.yaml" "$root/check/"
cat > "$root/check/kubeconfig" <<'KC'
apiVersion: v1
kind: Config
clusters:
- name: closed
  cluster: {server: "https://127.0.0.1:9"}
users:
- name: u
  user: {token: fake}
contexts:
- name: x
  context: {cluster: closed, user: u, namespace: threescale}
current-context: x
KC
cat > "$root/check/probe.yaml" <<'PR'
apiVersion: v1
kind: Secret
metadata: {name: system-redis, namespace: threescale}
stringData:
  URL: 'rediss://127.0.0.1:9/1'
PR
chmod -R a+rX "$root/check"
run() { chroot --userspec="$user" "$root" /usr/bin/3scale-redis-lint "$@"; }

version=$(run --version) || { echo "FAIL --version in the image exits $?"; fail=1; }
echo "in the image: $version"
run /check/sentinel-2.16.yaml >"$tmp/ok.out" 2>&1 || { echo "FAIL a correct example: exit $?"; cat "$tmp/ok.out"; fail=1; }
run /check/broken-2.16.yaml >"$tmp/bad.out" 2>&1
rc=$?
if [ $rc != 1 ] || ! grep -q 'RLINT' "$tmp/bad.out"; then
    echo "FAIL the broken example: exit $rc (want 1 with findings)"
    head -5 "$tmp/bad.out"
    fail=1
fi
run --live --kubeconfig /check/kubeconfig --request-timeout 5 >"$tmp/live.out" 2>&1
rc=$?
if [ $rc != 3 ] || ! grep -q 'cannot reach the API server' "$tmp/live.out"; then
    echo "FAIL --live in the image (libcurl): exit $rc"
    cat "$tmp/live.out"
    fail=1
fi
# --probe is built when hiredis and OpenSSL are on the build machine (-Dprobe=auto); exit 3
# would say they do not load in the image
run --probe --probe-timeout 5000 /check/probe.yaml >"$tmp/probe.out" 2>&1
rc=$?
if [ $rc = 2 ] && grep -q 'no --probe support' "$tmp/probe.out"; then
    echo "this image has no --probe (hiredis or OpenSSL not on the build machine)"
elif [ $rc != 1 ] || ! grep -q 'RLINT100' "$tmp/probe.out"; then
    echo "FAIL --probe in the image (hiredis, OpenSSL): exit $rc (want 1, RLINT100)"
    cat "$tmp/probe.out"
    fail=1
fi
[ $fail = 0 ] && echo "PASS image: $(du -sh "$root" | cut -f1) unpacked, runs as $user"
exit $fail
