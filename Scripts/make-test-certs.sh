#!/usr/bin/env bash
# Regenerates the test PKI in Tests/TLS (committed; the tests never run this): a test CA, a
# server certificate for localhost and 127.0.0.1, agency client certificates, an expired client
# certificate, and a second CA with a server and a client it signed (strangers to the first).
# Everything is valid for 100 years except expired.pem (2020-01-01 to 2021-01-01).
# Test keys only: nothing here may secure a real deployment.
set -euo pipefail
cd "$(dirname "$0")/../Tests/TLS"
rm -f ./*.pem ./*.key ./*.srl
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
days=36500

ca() { # name subject
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.pem" \
    -days $days -subj "$2" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}
leaf() { # name subject ca extensions
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$work/$1.csr" -subj "$2" 2>/dev/null
  printf '%s\n' "$4" > "$work/$1.ext"
  openssl x509 -req -in "$work/$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -days $days -out "$1.pem" -extfile "$work/$1.ext" 2>/dev/null
}
client='basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth'

ca ca "/O=Residence Points Test/CN=Residence Points Test CA"
ca other-ca "/O=Somebody Else/CN=Another CA"
leaf server "/O=Residence Points Test/CN=localhost" ca 'basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1'
# The same names under the other CA: a server that reloads to it is trusted only by clients of that CA.
leaf server-other "/O=Somebody Else/CN=localhost" other-ca 'basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1'
leaf hr-bureau "/O=Human Resources Bureau/CN=hr-bureau" ca "$client"
leaf education-bureau "/O=Education Bureau/CN=education-bureau" ca "$client"
leaf stranger "/O=Somebody Else/CN=stranger" other-ca "$client"

# An expired client certificate: `openssl ca` is the one that takes dates in the past.
mkdir -p "$work/db"; : > "$work/db/index.txt"; echo 1000 > "$work/db/serial"
cat > "$work/ca.cnf" <<CNF
[ca]
default_ca = test
[test]
database = $work/db/index.txt
serial = $work/db/serial
new_certs_dir = $work/db
default_md = sha256
policy = any
unique_subject = no
[any]
commonName = supplied
organizationName = optional
[ext]
$client
CNF
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout expired.key -out "$work/expired.csr" \
  -subj "/O=Human Resources Bureau/CN=expired-agency" 2>/dev/null
openssl ca -batch -config "$work/ca.cnf" -cert ca.pem -keyfile ca.key -in "$work/expired.csr" -out "$work/expired.full" \
  -startdate 20200101000000Z -enddate 20210101000000Z -extensions ext 2>/dev/null
openssl x509 -in "$work/expired.full" -out expired.pem
rm -f ./*.srl
for f in hr-bureau education-bureau expired stranger; do
  printf '%s  %s\n' "$(openssl x509 -in $f.pem -outform DER | sha256sum | cut -d' ' -f1)" "$f.pem"
done > certificate-sha256.txt
ls
