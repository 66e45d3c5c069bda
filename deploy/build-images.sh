#!/usr/bin/env bash
# Builds the image brink:local (or $BRINK_IMAGE) that deploy/docker-compose.yml runs.
#
#   deploy/build-images.sh                  # no registry: host build, FROM scratch image
#   deploy/build-images.sh --profile dev    # same, reusing an existing debug build
#   deploy/build-images.sh --registry       # multi-stage build from rust and debian images
#
# The scratch image carries the three service binaries, every shared library ldd lists for
# them (glibc's loader, libc, libm, libgcc_s ...), glibc's NSS modules for files and DNS and an
# nsswitch.conf, so containers resolve each other by compose service name through Docker's DNS.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
image=${BRINK_IMAGE:-brink:local}
profile=release
mode=local
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile=$2; shift 2 ;;
    --registry) mode=registry; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

if [ "$mode" = registry ]; then
  export BRINK_IMAGE=$image
  cd "$root"
  if docker compose version >/dev/null 2>&1; then
    exec docker compose -f deploy/docker-compose.yml build
  fi
  exec docker-compose -f deploy/docker-compose.yml build
fi

bins=(brink-ingest brink-analysis brink-query)
case "$profile" in
  release) out=release ;;
  dev|debug) profile=dev; out=debug ;;
  *) out=$profile ;;
esac

echo "building ${bins[*]} (profile $profile)" >&2
(cd "$root" && cargo build --profile "$profile" $(printf -- '-p %s ' "${bins[@]}"))

stage="$root/target/brink-image"
rm -rf "$stage"
mkdir -p "$stage/rootfs/usr/local/bin" "$stage/rootfs/etc" "$stage/rootfs/tmp" \
  "$stage/rootfs/var/lib" "$stage/data/var/lib/brink"
chmod 1777 "$stage/rootfs/tmp"

# Libraries the binaries load, copied to the same paths (symlinks resolved).
libs=()
for bin in "${bins[@]}"; do
  src="$root/target/$out/$bin"
  cp "$src" "$stage/rootfs/usr/local/bin/$bin"
  strip --strip-debug "$stage/rootfs/usr/local/bin/$bin"
  while read -r lib; do libs+=("$lib"); done < <(ldd "$src" | grep -o '/[^ ]*')
done
libdir=$(dirname "$(ldd "$root/target/$out/${bins[0]}" | grep -o '/[^ ]*libc\.so\.6')")
for nss in libnss_files.so.2 libnss_dns.so.2 libresolv.so.2; do
  [ -e "$libdir/$nss" ] && libs+=("$libdir/$nss")
done
for lib in $(printf '%s\n' "${libs[@]}" | sort -u); do
  mkdir -p "$stage/rootfs$(dirname "$lib")"
  cp -L "$lib" "$stage/rootfs$lib"
done

cat > "$stage/rootfs/etc/nsswitch.conf" <<'NSS'
hosts: files dns
NSS
cat > "$stage/rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/:/nonexistent
brink:x:10001:10001:brink:/var/lib/brink:/nonexistent
PASSWD
cat > "$stage/rootfs/etc/group" <<'GROUP'
root:x:0:
brink:x:10001:
GROUP

tar -C "$stage/rootfs" --owner=0 --group=0 --numeric-owner -cf "$stage/rootfs.tar" .
tar -C "$stage/data" --owner=10001 --group=10001 --numeric-owner --no-recursion \
  -rf "$stage/rootfs.tar" ./var/lib/brink
cp "$root/deploy/Dockerfile" "$stage/Dockerfile"
rm -rf "$stage/rootfs" "$stage/data"

echo "building image $image" >&2
docker build --target local -t "$image" "$stage"
docker image ls "$image"
