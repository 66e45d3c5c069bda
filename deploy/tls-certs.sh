#!/usr/bin/env bash
# Makes a development CA and PEM certificates for the three services and for one client
# (the `brink` command, or any other caller under mutual TLS). For trying TLS out with
# docker-compose.tls.yml or the k8s-tls / k8s-mtls overlays; in production, issue them from your
# own CA (cert-manager, Vault, ...) with the same names.
#
#   deploy/tls-certs.sh [DIR]     # default deploy/tls, which git ignores
#
# Each service certificate names the service (`ingest`, its Kubernetes forms
# `ingest.brink.svc...`), `localhost` and 127.0.0.1: a service checks its own health and
# status over loopback, as a client. They serve both as server and as client certificates,
# so under mutual TLS a service presents its own to its upstream. Keys are readable by all
# (0644) so that the containers' user can read the mounted files: development keys only.
# The CA key (ca-key.pem, 0600) stays in DIR; running the script again reuses the CA.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-$here/tls}
days=${BRINK_TLS_DAYS:-365}
mkdir -p "$dir"
cd "$dir"

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# sign NAME SUBJECT EXTENSIONS: NAME.pem and NAME-key.pem, signed by the CA.
sign() {
  key "$1-key.pem"
  openssl req -new -key "$1-key.pem" -subj "$2" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
    -days "$days" -sha256 -extfile <(printf '%b' "$3") -out "$1.pem" 2>/dev/null
  rm "$1.csr"
}

if [[ ! -f ca.pem ]]; then
  key ca-key.pem
  openssl req -x509 -new -key ca-key.pem -subj "/CN=Brink development CA" -days "$days" \
    -sha256 -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem
fi

leaf="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature"
for name in ingest analysis query; do
  sans="DNS:$name,DNS:$name.brink,DNS:$name.brink.svc,DNS:$name.brink.svc.cluster.local"
  # Pods behind the headless Service, as query follows analysis-0.analysis-headless.
  sans="$sans,DNS:*.$name-headless,DNS:*.$name-headless.brink.svc"
  sans="$sans,DNS:*.$name-headless.brink.svc.cluster.local"
  sans="$sans,DNS:localhost,IP:127.0.0.1,IP:::1"
  sign "$name" "/CN=brink-$name" \
    "$leaf\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=$sans\n"
done
sign client "/CN=brink-client" "$leaf\nextendedKeyUsage=clientAuth\n"
chmod 0600 ca-key.pem
chmod 0644 ca.pem {ingest,analysis,query,client}.pem {ingest,analysis,query,client}-key.pem
rm -f ca.srl

echo "certificates in $dir: ca.pem, {ingest,analysis,query,client}.pem and their -key.pem"
echo "for Kubernetes (deploy/k8s-tls or deploy/k8s-mtls):"
for name in ingest analysis query; do
  echo "  kubectl -n brink create secret generic brink-tls-$name --from-file=ca.pem=$dir/ca.pem" \
    "--from-file=cert.pem=$dir/$name.pem --from-file=key.pem=$dir/$name-key.pem"
done
