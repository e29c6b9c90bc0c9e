#!/usr/bin/env bash
# Make the test PKI for the TLS peers with the openssl command.
#
#   certs.sh DIR
#
# Writes into DIR (EC P-256 keys: fast to make and to use):
#   ca.pem, ca.key            the test CA (OI_TEST_CA)
#   server.key                one key for every server certificate below
#   good.pem                  127.0.0.1, ::1 and localhost, signed by the CA
#   expired.pem               the same names, valid only in 2020
#   notyet.pem                the same names, valid from 2099
#   wronghost.pem             wrong.example only
#   wildcard.pem              *.test.localhost
#   unknownca.pem             the good names, signed by a second CA nobody trusts
#   client.pem, client.key    a client certificate signed by the CA
# Each server certificate file holds the leaf only: the CA is the client's to
# trust, not the server's to send.  Every file is readable by others, so that
# nginx's unprivileged worker can read them too.
set -euo pipefail

dir=${1:?usage: certs.sh DIR}
mkdir -p "$dir"
cd "$dir"
umask 022

# One configuration for every step.  `openssl ca` is used for the leaves
# because it alone sets explicit validity dates (x509 -req has no start date
# before OpenSSL 3.4); SAN comes from the environment, per certificate.
cat >openssl.cnf <<'EOF'
[ca]
default_ca = test_ca

[test_ca]
dir = .
database = index.txt
new_certs_dir = issued
rand_serial = yes
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none

[any]
commonName = supplied
organizationName = optional

[req]
distinguished_name = dn
prompt = no

[dn]
CN = unused

[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $ENV::SAN
authorityKeyIdentifier = keyid

[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
EOF
rm -rf issued index.txt
mkdir issued
: >index.txt
export OPENSSL_CONF=$dir/openssl.cnf SAN=DNS:unused

newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# make_ca NAME SUBJECT
make_ca() {
  newkey "$1.key"
  openssl req -x509 -new -key "$1.key" -subj "$2" -days 7300 -extensions v3_ca -out "$1.pem"
}

# sign NAME ISSUER KEY EXTENSIONS SUBJECT START END: a leaf for KEY, signed
# by ISSUER (.pem/.key), valid from START to END (YYYYMMDDHHMMSSZ).
sign() {
  local name=$1 issuer=$2 key=$3 ext=$4 subj=$5 start=$6 end=$7
  openssl req -new -key "$key" -subj "$subj" -out "$name.csr"
  openssl ca -batch -notext -config openssl.cnf -cert "$issuer.pem" -keyfile "$issuer.key" \
    -preserveDN -extensions "$ext" -startdate "$start" -enddate "$end" -in "$name.csr" -out "$name.pem" \
    2>/dev/null
  rm -f "$name.csr"
}

now=$(date -u +%Y%m%d%H%M%SZ)
later=$(date -u -d '+10 years' +%Y%m%d%H%M%SZ 2>/dev/null || date -u -v+10y +%Y%m%d%H%M%SZ)
o="/O=openinet tests"

make_ca ca "$o/CN=openinet test CA"
make_ca ca2 "$o/CN=openinet untrusted CA"
newkey server.key
newkey client.key

SAN="IP:127.0.0.1, IP:::1, DNS:localhost"
sign good ca server.key server "$o/CN=localhost" "$now" "$later"
sign expired ca server.key server "$o/CN=localhost" 20200101000000Z 20200201000000Z
sign notyet ca server.key server "$o/CN=localhost" 20990101000000Z 21000101000000Z
sign unknownca ca2 server.key server "$o/CN=localhost" "$now" "$later"
SAN="DNS:wrong.example" sign wronghost ca server.key server "$o/CN=wrong.example" "$now" "$later"
SAN="DNS:*.test.localhost" sign wildcard ca server.key server "$o/CN=*.test.localhost" "$now" "$later"
sign client ca client.key client "$o/CN=openinet test client" "$now" "$later"

rm -rf issued index.txt* ca2.key openssl.cnf
chmod 644 ./*.pem ./*.key
